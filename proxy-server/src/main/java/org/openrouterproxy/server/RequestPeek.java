package org.openrouterproxy.server;

import java.io.IOException;

import org.openrouterproxy.core.ProxyError;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/** Checks that a pass-through body is one JSON object and reads its top-level {@code model} and {@code stream}. */
record RequestPeek(String model, boolean stream) {
    private static final JsonFactory JSON = new JsonFactory();

    /** @throws ProxyError 400 when {@code body} is empty or not a single JSON object */
    static RequestPeek of(byte[] body) {
        if (body.length == 0) {
            throw ProxyError.badRequest("empty_body", "request body is empty; send a JSON object");
        }
        String model = null;
        boolean stream = false;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ProxyError.badRequest("invalid_body", "request body must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("model") && v == JsonToken.VALUE_STRING) {
                    model = p.getText();
                } else if (name.equals("stream")) {
                    stream = v == JsonToken.VALUE_TRUE;
                }
                p.skipChildren();
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw ProxyError.badRequest("invalid_json", "request body is not valid JSON");
            }
        } catch (IOException e) {
            throw ProxyError.badRequest("invalid_json", "request body is not valid JSON");
        }
        return new RequestPeek(model, stream);
    }
}
