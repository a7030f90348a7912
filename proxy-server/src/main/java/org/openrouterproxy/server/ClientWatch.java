package org.openrouterproxy.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.ServerConnectionException;

/**
 * The byte source of one client connection, able to notice that the client left while a handler waits upstream.
 * Helidon reads an HTTP/1.1 connection only between requests, so during a handler nobody would see the client's
 * FIN. {@link #watch(Runnable)} starts one virtual thread that performs the connection's next socket read ahead of
 * time (it blocks in the poller: no polling, no timer); whatever it reads is handed to the connection's own next
 * read, so keep-alive and pipelined requests are untouched. When that read finds the end of the stream (or a
 * failure) while the watch is still armed, {@code onGone} runs.
 */
final class ClientWatch implements Supplier<byte[]> {
    private final DataReader source;
    private final AtomicReference<CompletableFuture<byte[]>> ahead = new AtomicReference<>();

    ClientWatch(DataReader source) {
        this.source = source;
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
     * Starts watching for the client leaving; must be called on the connection's own thread (the handler's) once
     * the request body is read. The returned watch must be {@link Armed#disarm() disarmed} when the handler is done.
     */
    Armed watch(Runnable onGone) {
        Armed armed = new Armed(onGone);
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        if (!ahead.compareAndSet(null, f)) {
            return armed;
        }
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
        return armed;
    }

    private byte[] pull() {
        try {
            source.ensureAvailable();
        } catch (DataReader.InsufficientDataAvailableException e) {
            return null;
        }
        return source.readBytes(source.available());
    }

    /** One armed watch: {@code onGone} runs at most once, and never after {@link #disarm()} returned. */
    static final class Armed {
        private Runnable onGone;

        private Armed(Runnable onGone) {
            this.onGone = onGone;
        }

        /** A watch that never fires: for connections that are not watched (e.g. HTTP/2). */
        static Armed none() {
            return new Armed(null);
        }

        synchronized void disarm() {
            onGone = null;
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
