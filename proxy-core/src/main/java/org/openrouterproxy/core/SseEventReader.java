package org.openrouterproxy.core;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a {@code text/event-stream} into events at blank lines, accepting {@code \n}, {@code \r\n} and {@code \r}
 * line endings. Each event's {@link SseEvent#raw()} is the exact bytes received, terminator included, so the
 * concatenation of all events is the stream itself. Reads in bulk into one reusable buffer and copies each event
 * once. Stray blank lines between events are kept as a prefix of the next event.
 *
 * <p>End of stream: after the last complete event, {@link #next()} returns null; blank lines after the last event
 * (at most the {@code \n} of a {@code \r\n} that arrived after its {@code \r}) are dropped.
 * A final event missing only its blank line is still delivered when all its lines are complete and it is
 * {@code data: [DONE]} or a comment; any other unfinished event means the stream was cut: {@link EOFException}.
 * Not thread-safe: one reader per stream.
 */
public final class SseEventReader implements AutoCloseable {
    private static final int INITIAL_BUFFER = 8192;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final InputStream in;
    private final int maxEventBytes;
    private byte[] buf;
    private int start;
    private int pos;
    private int limit;
    private int lineStart;
    private boolean eventHasContent;
    private boolean finished;

    /**
     * @param in            the stream to read; closed by {@link #close()}
     * @param maxEventBytes the largest event accepted; a larger one is a 502 {@code sse_event_too_large}
     */
    public SseEventReader(InputStream in, int maxEventBytes) {
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive");
        }
        this.in = in;
        this.maxEventBytes = maxEventBytes;
        this.buf = new byte[(int) Math.min(INITIAL_BUFFER, (long) maxEventBytes + 1)];
    }

    /**
     * The next event, or null at a clean end of stream. Blocks until a whole event has arrived.
     *
     * @throws EOFException when the stream ends in the middle of an event
     * @throws ProxyError   502 {@code sse_event_too_large} when an event exceeds the limit
     */
    public SseEvent next() throws IOException {
        if (finished) {
            return null;
        }
        while (true) {
            int end = scan(false);
            if (end >= 0) {
                return take(end);
            }
            if (limit - start > maxEventBytes) {
                throw tooLarge();
            }
            if (!fill()) {
                return atEndOfStream();
            }
        }
    }

    /**
     * Scans from {@link #pos} for the blank line that ends the current event; returns the offset just past it, or
     * -1 when more bytes are needed. At end of stream ({@code eof}) a trailing {@code \r} counts as a full line end.
     */
    private int scan(boolean eof) throws IOException {
        byte[] b = buf;
        int i = pos;
        while (i < limit) {
            byte c = b[i];
            if (c != '\n' && c != '\r') {
                i++;
                continue;
            }
            int next;
            if (c == '\n') {
                next = i + 1;
            } else if (i + 1 < limit) {
                next = b[i + 1] == '\n' ? i + 2 : i + 1;
            } else if (eof || (i == lineStart && eventHasContent && in.available() == 0)) {
                // A lone \r at the end of the bytes so far that ends the blank line: unless more bytes are already
                // there, do not wait for a possible \n (it might come only with the next event); such a \n then
                // becomes a blank-line prefix of the next event.
                next = i + 1;
            } else {
                pos = i;
                return -1;
            }
            boolean blank = i == lineStart;
            lineStart = next;
            i = next;
            if (!blank) {
                eventHasContent = true;
            } else if (eventHasContent) {
                pos = next;
                return next;
            }
        }
        pos = i;
        return -1;
    }

    private SseEvent take(int end) {
        if (end - start > maxEventBytes) {
            throw tooLarge();
        }
        byte[] raw = Arrays.copyOfRange(buf, start, end);
        start = end;
        eventHasContent = false;
        if (start == limit) {
            start = 0;
            pos = 0;
            limit = 0;
            lineStart = 0;
        }
        return new SseEvent(raw);
    }

    /** Reads more bytes after compacting or growing the buffer; false at end of stream. */
    private boolean fill() throws IOException {
        if (limit == buf.length) {
            if (start > 0) {
                int n = limit - start;
                System.arraycopy(buf, start, buf, 0, n);
                pos -= start;
                lineStart -= start;
                limit = n;
                start = 0;
            } else {
                int size = (int) Math.min(Math.min((long) buf.length * 2, (long) maxEventBytes + 1), MAX_ARRAY);
                buf = Arrays.copyOf(buf, Math.max(size, buf.length + 1));
            }
        }
        int n = in.read(buf, limit, buf.length - limit);
        while (n == 0) {
            n = in.read(buf, limit, buf.length - limit);
        }
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }

    private SseEvent atEndOfStream() throws IOException {
        int end = scan(true);
        if (end >= 0) {
            return take(end);
        }
        finished = true;
        if (!eventHasContent && lineStart == limit) {
            return null;
        }
        if (lineStart == limit) {
            SseEvent last = new SseEvent(Arrays.copyOfRange(buf, start, limit));
            if (last.isDone() || last.isComment()) {
                return last;
            }
        }
        throw new EOFException("event stream ended in the middle of an event (" + (limit - start) + " bytes)");
    }

    private ProxyError tooLarge() {
        finished = true;
        return new ProxyError(502, "upstream_error", "sse_event_too_large",
                "upstream sent an event larger than " + maxEventBytes + " bytes");
    }

    /** Closes the underlying stream. */
    @Override
    public void close() throws IOException {
        finished = true;
        in.close();
    }
}
