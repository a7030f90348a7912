package org.openrouterproxy.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits an SSE body into events as bytes arrive (lines ending in LF or CRLF, events ending at a blank line)
 * and reports each complete event that carries data: a normal chunk, the {@code [DONE]} sentinel, or an error
 * payload (a top-level {@code "error"} key). Comment-only events ({@code : keep-alive}) are ignored. Keeps only
 * the first bytes of each line.
 */
final class SseEventCounter {
    /** What a complete data event was. */
    enum Kind { CHUNK, DONE, ERROR }

    /** Called once per complete data event. */
    interface Listener {
        void onEvent(Kind kind);
    }

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "\"error\":".getBytes(StandardCharsets.US_ASCII);
    private static final int KEEP = 32;

    private final byte[] head = new byte[KEEP];
    private int lineLen;
    private int errorMatch;
    private boolean lineHasError;
    private boolean sawData;
    private Kind kind = Kind.CHUNK;
    private Listener listener;

    void reset(Listener listener) {
        this.listener = listener;
        lineLen = 0;
        errorMatch = 0;
        lineHasError = false;
        sawData = false;
        kind = Kind.CHUNK;
    }

    void feed(byte[] buf, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            byte b = buf[i];
            if (b == '\n') {
                endOfLine();
            } else {
                if (lineLen < KEEP) {
                    head[lineLen] = b;
                }
                lineLen++;
                matchError(b);
            }
        }
    }

    /** Finds an unescaped {@code "error":} key in the line; inside JSON strings quotes are escaped. */
    private void matchError(byte b) {
        if (b == ERROR[errorMatch]) {
            if (++errorMatch == ERROR.length) {
                lineHasError = true;
                errorMatch = 0;
            }
        } else {
            errorMatch = b == ERROR[0] ? 1 : 0;
        }
    }

    private void endOfLine() {
        boolean error = lineHasError;
        lineHasError = false;
        errorMatch = 0;
        int n = lineLen;
        if (n > 0 && n <= KEEP && head[n - 1] == '\r') {
            n--;
        } else if (n > KEEP) {
            n--;
        }
        lineLen = 0;
        if (n == 0) {
            if (sawData) {
                listener.onEvent(kind);
            }
            sawData = false;
            kind = Kind.CHUNK;
            return;
        }
        if (n < DATA.length || !Arrays.equals(head, 0, DATA.length, DATA, 0, DATA.length)) {
            return;
        }
        sawData = true;
        int v = DATA.length;
        if (v < Math.min(n, KEEP) && head[v] == ' ') {
            v++;
        }
        int valueLen = n - v;
        if (valueLen == DONE.length && Arrays.equals(head, v, v + DONE.length, DONE, 0, DONE.length)) {
            kind = Kind.DONE;
        } else if (error) {
            kind = Kind.ERROR;
        }
    }
}
