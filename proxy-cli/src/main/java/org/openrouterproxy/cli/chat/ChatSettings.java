package org.openrouterproxy.cli.chat;

/**
 * The effective settings of one {@code proxy chat} run: options, then environment / {@code .env}, then defaults.
 *
 * @param url       proxy base URL without a trailing {@code /} or {@code /v1}
 * @param key       bearer key, or null
 * @param keySource where the key came from ({@code --key} or a variable name), or null; never the key itself
 * @param model     model to ask
 * @param system    system prompt, or null
 * @param options   per-request knobs
 * @param json      print raw JSON instead of text
 */
public record ChatSettings(String url, String key, String keySource, String model, String system,
                           RequestOptions options, boolean json) {

    /** A one-line description for {@code -v}, with the key reduced to its source. */
    public String describe() {
        return "POST " + url + "/v1/chat/completions, model " + model + ", key "
                + (keySource == null ? "none" : "from " + keySource) + (options.stream() ? ", streamed" : "");
    }
}
