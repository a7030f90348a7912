package org.openrouterproxy.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.openrouterproxy.core.ProxyError;

/**
 * Judges upstream answers that are not what they claim: HTML error pages, non-JSON or truncated JSON bodies,
 * wrong content types. Turns them, and upstream error statuses that must become an SSE error event, into
 * {@link ProxyError}s with a short, tag-free hint of what upstream sent (never the raw page as if it were JSON).
 */
final class UpstreamErrors {
    static final int HINT_CHARS = 160;
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private UpstreamErrors() {
    }

    /** True when {@code contentType} is JSON ({@code application/json}, {@code +json}) or absent. */
    static boolean isJsonType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        int semi = ct.indexOf(';');
        String base = (semi < 0 ? ct : ct.substring(0, semi)).trim();
        return base.equals("application/json") || base.endsWith("+json");
    }

    /** True when {@code body} is exactly one complete JSON object or array (nothing missing, nothing after it). */
    static boolean isCompleteJson(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A 2xx answer whose body is not the JSON it should be: 502 {@code bad_upstream_response}. */
    static ProxyError badSuccess(int status, String contentType, byte[] body) {
        return new ProxyError(502, "upstream_error", "bad_upstream_response", "upstream answered " + status
                + " with " + describe(contentType) + " that is not a complete JSON document" + hint(body));
    }

    /**
     * An error status whose body is not JSON (an HTML page from a load balancer, plain text): the same status when
     * it is 4xx/5xx, else 502, code {@code bad_upstream_response}.
     */
    static ProxyError badError(int status, String contentType, byte[] body) {
        int ours = status >= 400 && status <= 599 ? status : 502;
        return new ProxyError(ours, typeFor(ours), "bad_upstream_response", "upstream answered " + status
                + " with " + describe(contentType) + " instead of a JSON error" + hint(body));
    }

    /** An upstream JSON error status as a {@link ProxyError} (for an SSE error event): upstream's message kept. */
    static ProxyError fromStatus(int status, String contentType, byte[] body) {
        if (!isJsonType(contentType) || !isCompleteJson(body)) {
            return badError(status, contentType, body);
        }
        String message = "upstream answered " + status;
        try {
            JsonNode n = MAPPER.readTree(body);
            JsonNode m = n.path("error").path("message");
            if (m.isTextual() && !m.asText().isBlank()) {
                message = clip(m.asText());
            }
        } catch (IOException | RuntimeException e) {
            // keep the generic message
        }
        int ours = status >= 400 && status <= 599 ? status : 502;
        return new ProxyError(ours, typeFor(ours), "upstream_" + status, message);
    }

    /** The OpenAI error type for a status. */
    static String typeFor(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 400 && status < 500 ? "invalid_request_error" : "upstream_error";
        };
    }

    private static String describe(String contentType) {
        return contentType == null || contentType.isBlank() ? "no content type" : clip(contentType);
    }

    /** {@code ": <first chars of the body, tags removed, whitespace collapsed>"}, or empty for an empty body. */
    static String hint(byte[] body) {
        if (body == null || body.length == 0) {
            return " (empty body)";
        }
        int n = Math.min(body.length, 4096);
        String s = new String(body, 0, n, StandardCharsets.UTF_8)
                .replaceAll("<[^>]*>", " ")
                .replaceAll("[\\p{Cntrl}\\uFFFD]", " ")
                .replaceAll("\\s+", " ")
                .strip();
        return s.isEmpty() ? " (no readable text)" : ": " + clip(s);
    }

    private static String clip(String s) {
        return s.length() <= HINT_CHARS ? s : s.substring(0, HINT_CHARS) + "...";
    }
}
