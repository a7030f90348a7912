package org.openrouterproxy.server;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.ServerConnectionException;

/**
 * The byte source of one client connection, able to notice that the client left while a handler waits upstream.
 * Helidon reads an HTTP/1.1 connection only between requests, so during a handler nobody would see the client's
 * FIN. {@link #watch(Runnable)} starts one virtual thread that performs the connection's next socket read ahead of
 * time (it blocks in the poller: no polling, no timer); whatever it reads is handed to the connection's own next
 * read, so keep-alive and pipelined requests are untouched. When that read finds the end of the stream (or a
 * failure) while the watch is still armed, {@code onGone} runs. {@link #watchAfter} arms it only when the handler
 * still waits after a delay, so that fast requests start no thread.
 */
final class ClientWatch implements Supplier<byte[]> {
    private final DataReader source;
    private final Supplier<byte[]> socket;
    private final AtomicReference<CompletableFuture<byte[]>> ahead = new AtomicReference<>();
    private final LongAdder started;

    /**
     * {@code source} is the connection's reader (it may hold bytes read to pick the protocol), {@code socket} the
     * socket under it, read directly once {@code source} is empty so that no byte is copied twice;
     * {@code started} counts the read-ahead threads started (shared by all connections of one server).
     */
    ClientWatch(DataReader source, Supplier<byte[]> socket, LongAdder started) {
        this.source = source;
        this.socket = socket;
        this.started = started;
    }

    /** The connection's read: takes the read-ahead result when there is one, else reads the socket itself. */
    @Override
    public byte[] get() {
        CompletableFuture<byte[]> f = ahead.getAndSet(null);
        if (f == null) {
            return pull();
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerConnectionException("interrupted while reading from the client", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new ServerConnectionException("client read failed", e.getCause());
        }
    }

    /**
     * Starts watching for the client leaving at once; must be called on the connection's own thread (the
     * handler's) once the request body is read. The returned watch must be {@link Armed#disarm() disarmed} when the
     * handler is done.
     */
    Armed watch(Runnable onGone) {
        Armed armed = new Armed(onGone, this);
        armed.arm();
        return armed;
    }

    /**
     * Like {@link #watch(Runnable)}, but the read ahead starts only after {@code delayMillis} on {@code scheduler},
     * and not at all when the watch is {@link Armed#disarm() disarmed} before: fast requests cost no thread.
     * Called on the handler thread; the connection's next read follows the disarm, so it never races the reader.
     */
    Armed watchAfter(Runnable onGone, long delayMillis, CoarseTimer scheduler) {
        Armed armed = new Armed(onGone, this);
        try {
            armed.pending(scheduler.schedule(armed::arm, TimeUnit.MILLISECONDS.toNanos(delayMillis)));
        } catch (RejectedExecutionException shuttingDown) {
            // the server stops: nothing watches this request, as for a connection that is not ours
        }
        return armed;
    }

    /** Installs the read-ahead future and starts its reader; called with {@code armed}'s lock held. */
    private void readAhead(Armed armed) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        if (!ahead.compareAndSet(null, f)) {
            return;
        }
        started.increment();
        Thread.ofVirtual().name("proxy-client-watch").start(() -> {
            byte[] bytes;
            try {
                bytes = pull();
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
                armed.fire();
                return;
            }
            f.complete(bytes);
            if (bytes == null) {
                armed.fire();
            }
        });
    }

    /** The next bytes from the client, or null at the end of the stream. */
    private byte[] pull() {
        int buffered = source.available();
        if (buffered > 0) {
            return source.readBytes(buffered);
        }
        try {
            return socket.get();
        } catch (UncheckedIOException e) {
            throw new ServerConnectionException("Failed to get data from socket", e);
        }
    }

    /**
     * One watch: {@code onGone} runs at most once, and never after {@link #disarm()} returned. Arming (installing the
     * read-ahead future and starting its reader) and disarming take the same lock, so a watch armed late by the
     * scheduler is either in place before {@link #disarm()} returns or never armed.
     */
    static final class Armed {
        private final ClientWatch watch;
        private Runnable onGone;
        private boolean disarmed;
        private CoarseTimer.Task pending;

        private Armed(Runnable onGone, ClientWatch watch) {
            this.onGone = onGone;
            this.watch = watch;
        }

        /** A watch that never fires: for connections that are not watched (e.g. HTTP/2). */
        static Armed none() {
            return new Armed(null, null);
        }

        /** Ends the watch: a scheduled arming is cancelled (or finds it disarmed), {@code onGone} no longer runs. */
        synchronized void disarm() {
            disarmed = true;
            onGone = null;
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
        }

        private synchronized void pending(CoarseTimer.Task task) {
            if (disarmed) {
                task.cancel();
            } else {
                pending = task;
            }
        }

        private synchronized void arm() {
            pending = null;
            if (!disarmed && watch != null) {
                watch.readAhead(this);
            }
        }

        /** Runs {@code onGone} under the lock, so that {@link #disarm()} returns only after it and sees its writes. */
        private synchronized void fire() {
            Runnable r = onGone;
            onGone = null;
            if (r != null) {
                r.run();
            }
        }
    }
}
