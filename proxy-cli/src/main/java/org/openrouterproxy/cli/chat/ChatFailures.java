package org.openrouterproxy.cli.chat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns what went wrong into a {@link ChatFailure}: one line, a hint, and the exit code. */
final class ChatFailures {
    private static final int MAX_MESSAGE = 300;

    private ChatFailures() {
    }

    /** True when {@code t} (or a cause) means nobody answered at the address. */
    static boolean isConnectFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof HttpConnectTimeoutException
                    || c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    static ChatFailure cannotConnect(String url, Throwable cause) {
        return new ChatFailure(ChatCommand.EXIT_CANNOT_CONNECT, "cannot connect to " + url,
                "is `proxy serve` running? (or set --url, OPENAI_PROXY_HOST/OPENAI_PROXY_PORT)",
                String.valueOf(cause), cause);
    }

    static ChatFailure transport(String url, Throwable cause) {
        return new ChatFailure(ChatCommand.EXIT_UPSTREAM, "request to " + url + " failed (" + describe(cause) + ")",
                "check that --url points at the proxy", String.valueOf(cause), cause);
    }

    static ChatFailure lostMidAnswer(Throwable cause) {
        return new ChatFailure(ChatCommand.EXIT_UPSTREAM, "connection lost in the middle of the answer ("
                + describe(cause) + ")", "the answer above is incomplete; try again", String.valueOf(cause), cause);
    }

    static ChatFailure truncated() {
        return new ChatFailure(ChatCommand.EXIT_UPSTREAM, "the stream ended without [DONE]",
                "the answer above may be incomplete; try again or use --no-stream", null, null);
    }

    static ChatFailure notJson(String what, String body) {
        return new ChatFailure(ChatCommand.EXIT_UPSTREAM, "the proxy answered with " + what,
                "check that --url points at the proxy", clip(body, 2000), null);
    }

    static ChatFailure midStream(JsonNode error, String rawEvent) {
        return new ChatFailure(ChatCommand.EXIT_UPSTREAM, "upstream error in the middle of the answer ("
                + errorMessage(error) + ")", "the answer above is incomplete; try again or pick another model (-m)",
                clip(rawEvent, 2000), null);
    }

    static ChatFailure errorInBody(JsonNode error, String body) {
        return new ChatFailure(ChatCommand.EXIT_UPSTREAM, "upstream error (" + errorMessage(error) + ")",
                "try again or pick another model (-m)", clip(body, 2000), null);
    }

    /** A non-2xx answer: 401 is authentication (exit 5); everything else, 403 included, is exit 6. */
    static ChatFailure httpStatus(int status, String body, boolean keySent, ObjectMapper json) {
        String message = errorMessage(parse(body, json));
        String prefix = status + " from proxy (" + message + ")";
        String detail = clip(body, 4000);
        return switch (status) {
            case 401 -> new ChatFailure(ChatCommand.EXIT_AUTH, prefix, keySent
                    ? "the key was refused; check --key or PROXY_API_KEY (or the proxy's OPENROUTER_API_KEY)"
                    : "set --key or PROXY_API_KEY", detail, null);
            case 402 -> new ChatFailure(ChatCommand.EXIT_UPSTREAM, prefix, "the OpenRouter account needs credits",
                    detail, null);
            case 403 -> new ChatFailure(ChatCommand.EXIT_UPSTREAM, prefix,
                    "forbidden (OpenRouter answers 403 when moderation flags the input); rephrase or pick another "
                            + "model", detail, null);
            case 404 -> new ChatFailure(ChatCommand.EXIT_UPSTREAM, prefix,
                    "check the model name (-m) and that --url points at the proxy", detail, null);
            case 429 -> new ChatFailure(ChatCommand.EXIT_UPSTREAM, prefix, "rate limited; wait a little and retry",
                    detail, null);
            default -> new ChatFailure(ChatCommand.EXIT_UPSTREAM, prefix, status >= 500
                    ? "the proxy or OpenRouter failed; retry, or run with -v for details"
                    : "the request was rejected; run with -v for details", detail, null);
        };
    }

    /** The {@code error.message} of an OpenAI/OpenRouter error, or a clipped version of whatever came. */
    static String errorMessage(JsonNode node) {
        if (node == null) {
            return "(no error message)";
        }
        JsonNode error = node.has("error") ? node.get("error") : node;
        if (error.isTextual()) {
            return clip(error.asText(), MAX_MESSAGE);
        }
        JsonNode message = error.path("message");
        return message.isTextual() ? clip(message.asText(), MAX_MESSAGE) : clip(error.toString(), MAX_MESSAGE);
    }

    private static JsonNode parse(String body, ObjectMapper json) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (Exception e) {
            return json.getNodeFactory().textNode(body.strip());
        }
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    static String clip(String s, int max) {
        if (s == null) {
            return null;
        }
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= max ? one : one.substring(0, max) + "...";
    }
}
