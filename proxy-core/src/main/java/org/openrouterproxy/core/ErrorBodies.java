package org.openrouterproxy.core;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

/** The single renderer of OpenAI-style error bodies and mid-stream error events. */
public final class ErrorBodies {
    private static final JsonFactory JSON = new JsonFactory();

    private ErrorBodies() {
    }

    /** {@code {"error":{"message":..,"type":..,"code":..}}} as UTF-8 bytes. */
    public static byte[] json(ProxyError e) {
        return json(e.getMessage(), e.type(), e.code());
    }

    /** {@code {"error":{"message":..,"type":..,"code":..}}} as UTF-8 bytes. */
    public static byte[] json(String message, String type, String code) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(128);
             JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("message", message == null ? "" : message);
            g.writeStringField("type", type);
            if (code == null) {
                g.writeNullField("code");
            } else {
                g.writeStringField("code", code);
            }
            g.writeEndObject();
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same body framed as one SSE event: {@code data: {...}\n\n}. */
    public static byte[] sseEvent(ProxyError e) {
        byte[] body = json(e);
        byte[] framed = new byte[body.length + 8];
        System.arraycopy("data: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, framed, 0, 6);
        System.arraycopy(body, 0, framed, 6, body.length);
        framed[framed.length - 2] = '\n';
        framed[framed.length - 1] = '\n';
        return framed;
    }
}
