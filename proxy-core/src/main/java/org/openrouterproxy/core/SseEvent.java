package org.openrouterproxy.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * One server-sent event exactly as it arrived: {@link #raw()} holds its bytes including the blank line that ended
 * it (forward them verbatim). The accessors parse lazily and never throw.
 *
 * @param raw the event's bytes; may start with stray blank lines that preceded it on the wire
 */
public record SseEvent(byte[] raw) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);

    /** True when every non-blank line is a {@code :} comment (e.g. {@code : OPENROUTER PROCESSING}). */
    public boolean isComment() {
        boolean comment = false;
        int i = 0;
        while (i < raw.length) {
            int end = lineEnd(i);
            if (end > i) {
                if (raw[i] != ':') {
                    return false;
                }
                comment = true;
            }
            i = nextLine(end);
        }
        return comment;
    }

    /** True for the end-of-stream event {@code data: [DONE]}. */
    public boolean isDone() {
        if (!containsAscii("[DONE]")) {
            return false;
        }
        String data = data();
        return data != null && data.strip().equals("[DONE]");
    }

    /** The values of the {@code data} lines joined with {@code \n}, or null when the event has none. */
    public String data() {
        StringBuilder out = null;
        int i = 0;
        while (i < raw.length) {
            int end = lineEnd(i);
            int colon = indexOf(':', i, end);
            int nameEnd = colon < 0 ? end : colon;
            if (nameEnd - i == DATA.length && Arrays.equals(raw, i, nameEnd, DATA, 0, DATA.length)) {
                int v = colon < 0 ? end : colon + 1;
                if (v < end && raw[v] == ' ') {
                    v++;
                }
                if (out == null) {
                    out = new StringBuilder(end - v);
                } else {
                    out.append('\n');
                }
                out.append(new String(raw, v, end - v, StandardCharsets.UTF_8));
            }
            i = nextLine(end);
        }
        return out == null ? null : out.toString();
    }

    /** True when the data is a JSON object with a top-level, non-null {@code error} (a mid-stream error). */
    public boolean isError() {
        if (!containsAscii("\"error\"")) {
            return false;
        }
        String data = data();
        if (data == null) {
            return false;
        }
        try (JsonParser p = JSON.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("error".equals(name) && v != JsonToken.VALUE_NULL) {
                    return true;
                }
                p.skipChildren();
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * True when the raw bytes contain {@code ascii} (an ASCII needle such as {@code "usage"}): a cheap pre-check
     * that lets per-event callers skip decoding the data of ordinary content chunks.
     */
    public boolean containsAscii(String ascii) {
        int n = ascii.length();
        outer:
        for (int i = 0; i + n <= raw.length; i++) {
            for (int j = 0; j < n; j++) {
                if (raw[i + j] != (byte) ascii.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private int lineEnd(int from) {
        int i = from;
        while (i < raw.length && raw[i] != '\n' && raw[i] != '\r') {
            i++;
        }
        return i;
    }

    private int nextLine(int end) {
        if (end < raw.length && raw[end] == '\r' && end + 1 < raw.length && raw[end + 1] == '\n') {
            return end + 2;
        }
        return end + 1;
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] == c) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SseEvent e && Arrays.equals(raw, e.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "SseEvent[" + new String(raw, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n") + "]";
    }
}
