package org.openrouterproxy.core;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads the top-level {@code usage} of a chat completion (a whole JSON response or one SSE data payload) with a
 * streaming parser, skipping everything else. Returns null when there is no usage; never throws on garbage.
 */
public final class UsageReader {
    private static final JsonFactory JSON = new JsonFactory();

    private UsageReader() {
    }

    /** The usage of a full chat completion response body, or null. */
    public static Usage fromJson(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try (JsonParser p = JSON.createParser(body)) {
            return read(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The usage in one SSE {@code data} payload (the last chunk before {@code [DONE]} carries it), or null. */
    public static Usage fromEventData(String data) {
        if (data == null || !data.contains("\"usage\"")) {
            return null;
        }
        try (JsonParser p = JSON.createParser(data)) {
            return read(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Usage read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        Usage found = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("usage".equals(name) && v == JsonToken.START_OBJECT) {
                found = usage(p);
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    private static Usage usage(JsonParser p) throws IOException {
        long prompt = 0;
        long completion = 0;
        long cached = 0;
        Double cost = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "prompt_tokens" -> prompt = count(p, v);
                case "completion_tokens" -> completion = count(p, v);
                case "cost" -> cost = v.isNumeric() ? p.getDoubleValue() : cost;
                case "prompt_tokens_details" -> cached = v == JsonToken.START_OBJECT ? cachedTokens(p) : cached;
                default -> p.skipChildren();
            }
        }
        return new Usage(prompt, completion, cached, cost);
    }

    private static long cachedTokens(JsonParser p) throws IOException {
        long cached = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("cached_tokens".equals(name)) {
                cached = count(p, v);
            } else {
                p.skipChildren();
            }
        }
        return cached;
    }

    private static long count(JsonParser p, JsonToken v) throws IOException {
        if (!v.isNumeric()) {
            p.skipChildren();
            return 0;
        }
        double d = p.getDoubleValue();
        return d > 0 && Double.isFinite(d) ? (long) Math.min(d, Long.MAX_VALUE) : 0;
    }
}
