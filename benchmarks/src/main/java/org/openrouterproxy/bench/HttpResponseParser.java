package org.openrouterproxy.bench;

import java.nio.charset.StandardCharsets;

/**
 * Incremental HTTP/1.1 response parser for the load generator: status line, headers, then a body framed by
 * Content-Length, chunked transfer coding, or connection close. It keeps no body bytes itself; body bytes go to
 * a {@link BodySink} as they arrive, so one read buffer can be shared by every connection of a worker.
 */
final class HttpResponseParser {
    /** Receives body bytes as they are parsed. */
    interface BodySink {
        void onBody(byte[] buf, int off, int len);
    }

    /** Thrown on bytes that are not an HTTP/1.1 response. */
    static final class ProtocolException extends Exception {
        ProtocolException(String message) {
            super(message);
        }
    }

    private enum State { STATUS, HEADERS, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, DONE }

    private static final int MAX_LINE = 16 * 1024;

    private final byte[] line = new byte[MAX_LINE];
    private int lineLen;
    private State state = State.STATUS;
    private int status;
    private long contentLength;
    private boolean chunked;
    private boolean close;
    private long remaining;
    private long bodyBytes;
    private boolean headRequest;
    private BodySink sink;

    /** Starts parsing a new response. */
    void reset(BodySink sink, boolean headRequest) {
        this.sink = sink;
        this.headRequest = headRequest;
        state = State.STATUS;
        lineLen = 0;
        status = 0;
        contentLength = -1;
        chunked = false;
        close = false;
        remaining = 0;
        bodyBytes = 0;
    }

    int status() {
        return status;
    }

    /** True when the server asked to close the connection after this response (or spoke HTTP/1.0). */
    boolean connectionClose() {
        return close;
    }

    boolean done() {
        return state == State.DONE;
    }

    /** True when the body runs until the server closes the connection, so end of stream completes it. */
    boolean readsUntilClose() {
        return state == State.UNTIL_CLOSE;
    }

    long bodyBytes() {
        return bodyBytes;
    }

    /** Marks a read-until-close body as complete at end of stream. */
    void finishAtClose() {
        if (state == State.UNTIL_CLOSE) {
            state = State.DONE;
            close = true;
        }
    }

    /**
     * Parses {@code len} bytes; returns how many were consumed (less than {@code len} only when the response
     * completed before the end of the input).
     */
    int feed(byte[] buf, int off, int len) throws ProtocolException {
        int p = off;
        int end = off + len;
        while (p < end && state != State.DONE) {
            switch (state) {
                case STATUS, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    int nl = indexOf(buf, p, end, (byte) '\n');
                    int stop = nl < 0 ? end : nl;
                    appendLine(buf, p, stop - p);
                    p = stop;
                    if (nl >= 0) {
                        p++;
                        int n = lineLen > 0 && line[lineLen - 1] == '\r' ? lineLen - 1 : lineLen;
                        lineLen = 0;
                        onLine(n);
                    }
                }
                case FIXED, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, end - p);
                    body(buf, p, n);
                    p += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == State.FIXED ? State.DONE : State.CHUNK_END;
                    }
                }
                case UNTIL_CLOSE -> {
                    body(buf, p, end - p);
                    p = end;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return p - off;
    }

    private void body(byte[] buf, int off, int len) {
        if (len > 0) {
            bodyBytes += len;
            sink.onBody(buf, off, len);
        }
    }

    private void appendLine(byte[] buf, int off, int len) throws ProtocolException {
        if (lineLen + len > MAX_LINE) {
            throw new ProtocolException("header line too long");
        }
        System.arraycopy(buf, off, line, lineLen, len);
        lineLen += len;
    }

    private void onLine(int n) throws ProtocolException {
        switch (state) {
            case STATUS -> statusLine(n);
            case HEADERS -> {
                if (n == 0) {
                    endOfHeaders();
                } else {
                    header(n);
                }
            }
            case CHUNK_SIZE -> {
                long size = chunkSize(n);
                if (size == 0) {
                    state = State.TRAILERS;
                } else {
                    remaining = size;
                    state = State.CHUNK_DATA;
                }
            }
            case CHUNK_END -> {
                if (n != 0) {
                    throw new ProtocolException("missing CRLF after chunk");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (n == 0) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void statusLine(int n) throws ProtocolException {
        if (n == 0) {
            return;
        }
        String s = new String(line, 0, n, StandardCharsets.ISO_8859_1);
        if (!s.startsWith("HTTP/1.") || s.length() < 12) {
            throw new ProtocolException("bad status line");
        }
        try {
            status = Integer.parseInt(s.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad status code");
        }
        close = s.startsWith("HTTP/1.0");
        state = State.HEADERS;
    }

    private void header(int n) throws ProtocolException {
        int colon = indexOf(line, 0, n, (byte) ':');
        if (colon <= 0) {
            throw new ProtocolException("bad header line");
        }
        String name = new String(line, 0, colon, StandardCharsets.ISO_8859_1).trim();
        if (name.length() < 10 || name.length() > 17) {
            return;
        }
        String value = new String(line, colon + 1, n - colon - 1, StandardCharsets.ISO_8859_1).trim();
        if (name.equalsIgnoreCase("content-length")) {
            try {
                contentLength = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad content-length");
            }
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
            chunked = value.toLowerCase().contains("chunked");
        } else if (name.equalsIgnoreCase("connection")) {
            String v = value.toLowerCase();
            if (v.contains("close")) {
                close = true;
            } else if (v.contains("keep-alive")) {
                close = false;
            }
        }
    }

    private void endOfHeaders() {
        if (status >= 100 && status < 200) {
            state = State.STATUS;
            return;
        }
        if (headRequest || status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.FIXED;
        } else {
            state = State.UNTIL_CLOSE;
        }
    }

    private long chunkSize(int n) throws ProtocolException {
        long size = 0;
        int digits = 0;
        for (int i = 0; i < n; i++) {
            int d = Character.digit(line[i], 16);
            if (d < 0) {
                if (line[i] == ';' || line[i] == ' ' || line[i] == '\t') {
                    break;
                }
                throw new ProtocolException("bad chunk size");
            }
            size = size * 16 + d;
            if (++digits > 15) {
                throw new ProtocolException("chunk size too large");
            }
        }
        if (digits == 0) {
            throw new ProtocolException("empty chunk size");
        }
        return size;
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
