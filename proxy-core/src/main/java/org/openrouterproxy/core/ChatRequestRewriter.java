package org.openrouterproxy.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Validates a chat-completions request body and, for models that take explicit cache markers, rewrites it:
 * strips every {@code cache_control} inside {@code messages} and puts one marker on the last non-empty text part
 * of the last message (plus the last system message under {@link CacheStrategy#SYSTEM_AND_LAST}).
 * One streaming pass; the output splices the client's own bytes, so everything not edited stays byte-identical.
 * Pure function over bytes; thread-safe.
 */
public final class ChatRequestRewriter {
    private static final JsonFactory JSON = new JsonFactory();

    private final CachePolicy policy;
    private final byte[] wrapPrefix;
    private final byte[] wrapSuffix;
    private final byte[] partMarker;

    public ChatRequestRewriter(CachePolicy policy) {
        this.policy = policy;
        String marker = "\"cache_control\":{\"type\":\"ephemeral\"" + (policy.oneHour() ? ",\"ttl\":\"1h\"}" : "}");
        this.wrapPrefix = ascii("[{\"type\":\"text\",\"text\":");
        this.wrapSuffix = ascii("," + marker + "}]");
        this.partMarker = ascii("," + marker);
    }

    public CachePolicy policy() {
        return policy;
    }

    /**
     * Validates {@code body} (a UTF-8 JSON object with a non-empty {@code messages} array of objects and, when
     * present, a string {@code model}) and applies the cache policy unless {@code skipCache}. When nothing is
     * injected the result carries the very same array.
     *
     * @throws ProxyError 400 for any invalid body; no other exception escapes
     */
    public ChatRewrite rewrite(byte[] body, boolean skipCache) {
        try {
            return rewriteChecked(body, skipCache);
        } catch (ProxyError e) {
            throw e;
        } catch (IOException e) {
            throw new ProxyError(400, "invalid_request_error", "invalid_json", "request body is not valid JSON", e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new ProxyError(400, "invalid_request_error", "invalid_body", "request body could not be processed",
                    e);
        }
    }

    private ChatRewrite rewriteChecked(byte[] body, boolean skipCache) throws IOException {
        if (body == null || body.length == 0) {
            throw ProxyError.badRequest("invalid_body", "request body is empty; expected a JSON object");
        }
        checkUtf8(body);
        ByteEdits edits = new ByteEdits();
        MessagesScan scan = new MessagesScan(body, edits);
        String model = null;
        boolean stream = false;
        boolean sawModel = false;
        boolean sawMessages = false;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ProxyError.badRequest("invalid_body", "request body must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "model" -> {
                        if (sawModel) {
                            throw ProxyError.badRequest("invalid_model", "'model' appears more than once");
                        }
                        if (v != JsonToken.VALUE_STRING) {
                            throw ProxyError.badRequest("invalid_model", "'model' must be a string, got "
                                    + MessagesScan.describe(v));
                        }
                        sawModel = true;
                        model = p.getText();
                    }
                    case "stream" -> {
                        stream = v == JsonToken.VALUE_TRUE;
                        p.skipChildren();
                    }
                    case "messages" -> {
                        if (sawMessages) {
                            throw ProxyError.badRequest("invalid_messages", "'messages' appears more than once");
                        }
                        if (v != JsonToken.START_ARRAY) {
                            throw ProxyError.badRequest("invalid_messages", "'messages' must be an array, got "
                                    + MessagesScan.describe(v));
                        }
                        sawMessages = true;
                        scan.scanMessages(p);
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw ProxyError.badRequest("invalid_json", "request body is not valid JSON");
            }
        }
        if (!sawMessages) {
            throw ProxyError.badRequest("missing_messages", "'messages' is required");
        }
        if (skipCache || !policy.appliesTo(model) || scan.lastKind == MessagesScan.NONE) {
            return new ChatRewrite(body, CacheDecision.SKIPPED, 0, model, stream);
        }
        int markers = 1;
        mark(edits, scan.lastKind, scan.lastStart, scan.lastEnd);
        if (policy.strategy() == CacheStrategy.SYSTEM_AND_LAST && scan.systemKind != MessagesScan.NONE
                && scan.systemIndex != scan.lastIndex) {
            mark(edits, scan.systemKind, scan.systemStart, scan.systemEnd);
            markers++;
        }
        return new ChatRewrite(edits.apply(body), CacheDecision.INJECTED, markers, model, stream);
    }

    private void mark(ByteEdits edits, int kind, int start, int end) {
        if (kind == MessagesScan.WRAP) {
            edits.insert(start, wrapPrefix);
            edits.insert(end, wrapSuffix);
        } else {
            edits.insert(start, partMarker);
        }
    }

    /**
     * Rejects UTF-16/32 bodies (RFC 8259 requires UTF-8 between systems): their byte offsets would not match the
     * parser's. A UTF-8 byte-order mark is accepted and kept.
     */
    private static void checkUtf8(byte[] body) {
        int n = Math.min(4, body.length);
        boolean utf16Bom = body.length >= 2 && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF)
                || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE));
        boolean zero = false;
        for (int i = 0; i < n; i++) {
            zero |= body[i] == 0;
        }
        if (utf16Bom || zero) {
            throw ProxyError.badRequest("unsupported_encoding", "request body must be UTF-8 encoded JSON");
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
