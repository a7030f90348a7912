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

    /**
     * One parse of a whole JSON response body: whether it is one complete JSON document (an object or array with
     * nothing after it) and, for an object, its top-level usage (null when there is none).
     *
     * @param complete the body is exactly one complete JSON object or array
     * @param usage    the top-level {@code usage}, or null
     */
    public record Scan(boolean complete, Usage usage) {
        private static final Scan INCOMPLETE = new Scan(false, null);
    }

    /** Checks that {@code body} is one complete JSON document and reads its usage in the same pass. */
    public static Scan scan(byte[] body) {
        if (body == null || body.length == 0) {
            return Scan.INCOMPLETE;
        }
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken first = p.nextToken();
            Usage usage = null;
            if (first == JsonToken.START_OBJECT) {
                usage = readFields(p);
            } else if (first == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else {
                return Scan.INCOMPLETE;
            }
            return p.currentToken() == JsonToken.END_OBJECT || p.currentToken() == JsonToken.END_ARRAY
                    ? new Scan(p.nextToken() == null, usage) : Scan.INCOMPLETE;
        } catch (IOException | RuntimeException e) {
            return Scan.INCOMPLETE;
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
        return readFields(p);
    }

    /** Reads the fields of the object whose START_OBJECT was just read; stops on its END_OBJECT. */
    private static Usage readFields(JsonParser p) throws IOException {
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
        long written = 0;
        Double cost = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "prompt_tokens" -> prompt = count(p, v);
                case "completion_tokens" -> completion = count(p, v);
                case "cost" -> {
                    if (v.isNumeric()) {
                        cost = p.getDoubleValue();
                    } else {
                        p.skipChildren(); // a non-number cost is ignored, its members are not usage fields
                    }
                }
                case "prompt_tokens_details" -> {
                    if (v != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        break;
                    }
                    // cached_tokens (read from the cache) and cache_write_tokens (written to it), inline: no allocation
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String detail = p.currentName();
                        JsonToken dv = p.nextToken();
                        switch (detail) {
                            case "cached_tokens" -> cached = count(p, dv);
                            case "cache_write_tokens" -> written = count(p, dv);
                            default -> p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new Usage(prompt, completion, cached, written, cost);
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
