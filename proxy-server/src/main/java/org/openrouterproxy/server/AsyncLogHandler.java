package org.openrouterproxy.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A {@code java.util.logging} handler that keeps logging off the request path: {@link #publish} only queues the
 * record (never blocks; a full queue drops it and counts the drop), and one daemon thread formats and writes the
 * queued records in batches, one write per batch, flushed whenever the queue runs empty. The writer looks at the
 * queue every 20 ms instead of waiting on it, so that a publish never has to wake it (a log line is at most ~20 ms
 * behind). Drops are reported in the stream itself. {@link #close()} writes everything still
 * queued; the JDK's LogManager calls it at JVM shutdown.
 *
 * <pre>{@code
 * Logger access = Logger.getLogger("org.openrouterproxy.access");
 * access.addHandler(new AsyncLogHandler(System.err, formatter, 16_384));
 * access.setUseParentHandlers(false);
 * }</pre>
 */
public final class AsyncLogHandler extends Handler {
    private static final int BATCH = 1024;
    private static final long IDLE_PARK_NANOS = 20_000_000;

    private final OutputStream out;
    private final BlockingQueue<LogRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param out       where formatted lines go (not closed by {@link #close()}, e.g. {@code System.err})
     * @param formatter formats each record (on the writer thread)
     * @param capacity  records that may wait; more are dropped and counted
     */
    public AsyncLogHandler(OutputStream out, Formatter formatter, int capacity) {
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(capacity);
        setFormatter(formatter);
        this.writer = Thread.ofPlatform().daemon().name("proxy-log-writer").unstarted(this::drainLoop);
        writer.start();
    }

    /**
     * Sends logger {@code loggerName} to stderr through a new handler of this kind (queue of 16,384 records) instead
     * of its parent handlers: formatted by {@link OneLineFormatter} (the proxy's one-line format, as
     * {@link java.util.logging.SimpleFormatter} with {@link OneLineFormatter#SIMPLE_FORMAT} gives it), or with
     * {@code bare} as just the message and a line end (one JSON object per line).
     */
    public static void installOnStderr(String loggerName, boolean bare) {
        Formatter f = bare ? new Formatter() {
            @Override
            public String format(LogRecord r) {
                return r.getMessage() + System.lineSeparator();
            }
        } : new OneLineFormatter();
        Logger logger = Logger.getLogger(loggerName);
        logger.addHandler(new AsyncLogHandler(System.err, f, 16_384));
        logger.setUseParentHandlers(false);
    }

    @Override
    public void publish(LogRecord r) {
        if (r == null || !isLoggable(r)) {
            return;
        }
        if (closed || !queue.offer(r)) {
            dropped.incrementAndGet();
        }
    }

    /** Records dropped so far because the writer could not keep up (or arrived after close). */
    public long dropped() {
        return dropped.get();
    }

    /** Nothing to do: the writer flushes whenever the queue runs empty. */
    @Override
    public void flush() {
    }

    /**
     * Stops accepting records, writes the queued ones and flushes (waits at most 5 s). The writer is not interrupted,
     * so a write in progress is never cut; it is woken to see the flag.
     */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drainLoop() {
        List<LogRecord> batch = new ArrayList<>(BATCH);
        StringBuilder text = new StringBuilder(64 * 1024);
        long reported = 0;
        while (true) {
            boolean closing = closed;
            try {
                queue.drainTo(batch, BATCH);
                if (batch.isEmpty()) {
                    if (closing) {
                        break;
                    }
                    // sleep instead of waiting on the queue: a wait would make every publish signal this thread
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                    if (Thread.interrupted()) {
                        closed = true;
                    }
                    continue;
                }
                reported = write(batch, text, reported);
            } finally {
                batch.clear();
                text.setLength(0);
            }
        }
        reported = write(batch, text, reported);
        flushQuietly();
    }

    private long write(List<LogRecord> batch, StringBuilder text, long reported) {
        Formatter f = getFormatter();
        for (LogRecord r : batch) {
            try {
                text.append(f.format(r));
            } catch (RuntimeException e) {
                reportError("could not format a log record", e, ErrorManager.FORMAT_FAILURE);
            }
        }
        long d = dropped.get();
        if (d != reported) {
            text.append("WARNING log writer could not keep up: ").append(d - reported)
                    .append(" records dropped").append(System.lineSeparator());
        }
        try {
            if (!text.isEmpty()) {
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            }
            if (queue.isEmpty()) {
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            reportError("could not write log records", e instanceof Exception ex ? ex : null,
                    ErrorManager.WRITE_FAILURE);
        }
        return d;
    }

    private void flushQuietly() {
        try {
            out.flush();
        } catch (IOException e) {
            reportError("could not flush log records", e, ErrorManager.FLUSH_FAILURE);
        }
    }
}
