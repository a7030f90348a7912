package org.openrouterproxy.core;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Validates a chat-completions request body and, for models that take explicit cache markers, rewrites it.
 * Pure function over bytes; thread-safe.
 */
public final class ChatRequestRewriter {
    private static final JsonFactory JSON = new JsonFactory();

    private final CachePolicy policy;

    public ChatRequestRewriter(CachePolicy policy) {
        this.policy = policy;
    }

    public CachePolicy policy() {
        return policy;
    }

    /**
     * Validates {@code body} (a JSON object with a non-empty {@code messages} array of objects) and applies
     * the cache policy unless {@code skipCache}.
     *
     * @throws ProxyError 400 for any invalid body
     */
    public ChatRewrite rewrite(byte[] body, boolean skipCache) {
        String model = null;
        boolean stream = false;
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
                    case "model" -> model = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "stream" -> stream = v == JsonToken.VALUE_TRUE;
                    case "messages" -> {
                        if (v != JsonToken.START_ARRAY) {
                            throw ProxyError.badRequest("invalid_messages", "'messages' must be an array");
                        }
                        sawMessages = true;
                    }
                    default -> { }
                }
                p.skipChildren();
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw ProxyError.badRequest("invalid_json", "request body is not valid JSON");
            }
        } catch (IOException e) {
            throw ProxyError.badRequest("invalid_json", "request body is not valid JSON");
        }
        if (!sawMessages) {
            throw ProxyError.badRequest("missing_messages", "'messages' is required");
        }
        return new ChatRewrite(body, CacheDecision.SKIPPED, 0, model, stream);
    }
}
