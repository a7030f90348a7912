package org.openrouterproxy.core;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which models get cache markers ({@code PROXY_CACHE_MODELS} globs), with what TTL ({@code PROXY_CACHE_TTL}:
 * {@code 5m} default, or {@code 1h}) and where ({@link CacheStrategy}).
 */
public record CachePolicy(List<String> modelGlobs, CacheStrategy strategy, String ttl) {
    public static final List<String> DEFAULT_MODELS = List.of("anthropic/*", "google/gemini*", "qwen/*");

    public CachePolicy {
        modelGlobs = List.copyOf(modelGlobs);
        if (ttl != null && !ttl.equals("5m") && !ttl.equals("1h")) {
            throw new IllegalArgumentException("PROXY_CACHE_TTL must be 5m or 1h; got '" + ttl + "'");
        }
    }

    /** The defaults: Anthropic, Gemini and Qwen; last message; 5-minute TTL. */
    public static CachePolicy defaults() {
        return new CachePolicy(DEFAULT_MODELS, CacheStrategy.LAST_MESSAGE, "5m");
    }

    /** True when the 1-hour TTL is configured, so markers carry {@code "ttl":"1h"}. */
    public boolean oneHour() {
        return "1h".equals(ttl);
    }

    /** True when this model takes explicit markers under this policy. A null model never does. */
    public boolean appliesTo(String model) {
        if (model == null || strategy == CacheStrategy.OFF) {
            return false;
        }
        for (String glob : modelGlobs) {
            if (globMatches(glob, model)) {
                return true;
            }
        }
        return false;
    }

    static boolean globMatches(String glob, String model) {
        if (glob.equals("*")) {
            return true;
        }
        StringBuilder re = new StringBuilder();
        for (String piece : glob.split("\\*", -1)) {
            if (!re.isEmpty()) {
                re.append(".*");
            }
            re.append(Pattern.quote(piece));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE).matcher(model).matches();
    }
}
