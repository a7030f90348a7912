package org.openrouterproxy.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.openrouterproxy.core.ErrorBodies;
import org.openrouterproxy.core.ProxyError;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/**
 * Keeps slow streams alive before their first upstream byte: when a stream request has waited
 * {@code after} without an upstream event, the 200 event stream is committed and a {@code : keep-alive} comment
 * is sent every {@code interval}, so load balancers with idle limits do not cut slow models. One shared scheduler
 * thread decides when (and a {@link CoarseTimer} arms {@link ClientWatch}es); each write runs on a short-lived virtual thread so a
 * slow client blocks nobody else.
 * When a keep-alive write finds the client gone, the waiting handler thread is interrupted, which closes its
 * blocked upstream socket: nobody is left waiting minutes for an answer no one will read.
 */
final class StreamKeepAlive implements AutoCloseable {
    static final byte[] COMMENT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Duration after;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private final CoarseTimer deadlines = new CoarseTimer("proxy-deadlines", Duration.ofMillis(25));

    StreamKeepAlive(Duration after, Duration interval) {
        this.after = after;
        this.interval = interval;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "proxy-scheduler");
            t.setDaemon(true);
            return t;
        });
        // keep-alive tasks are cancelled when the first upstream event arrives: drop them at once
        timer.setRemoveOnCancelPolicy(true);
        this.scheduler = timer;
    }

    /**
     * The proxy's coarse timer for deadlines that are nearly always cancelled (the {@link ClientWatchingHttp1}
     * arming delay); its tasks must only hand work on (start a virtual thread), never block. Closed by
     * {@link #close()}.
     */
    CoarseTimer deadlines() {
        return deadlines;
    }

    /** Starts watching one stream request; the handler must {@link Session#stop()} it once upstream answered. */
    Session watch(ServerResponse res, Exchange ex) {
        Session s = new Session(res, ex, Thread.currentThread());
        if (!after.isZero()) {
            long firstMs = Math.max(1, after.toMillis());
            long everyMs = Math.max(1, interval.toMillis());
            s.future = scheduler.scheduleWithFixedDelay(() -> Thread.ofVirtual().name("proxy-keepalive-write")
                    .start(s::tick), firstMs, everyMs, TimeUnit.MILLISECONDS);
        }
        return s;
    }

    /** A session that never commits anything: for non-stream requests. */
    static Session none() {
        return new Session(null, null, null);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        deadlines.close();
    }

    /**
     * One watched stream request. Until {@link #stop()} the keep-alive thread may commit the response; after it,
     * the handler thread alone writes, through {@link #output()} when {@link #committed()}.
     */
    static final class Session {
        private final ServerResponse res;
        private final Exchange ex;
        private final Thread handler;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile ScheduledFuture<?> future;
        private boolean stopped;
        private volatile boolean committed;
        private volatile boolean clientGone;
        private OutputStream out;

        private Session(ServerResponse res, Exchange ex, Thread handler) {
            this.res = res;
            this.ex = ex;
            this.handler = handler;
        }

        private void tick() {
            if (!lock.tryLock()) {
                return;
            }
            try {
                if (stopped || clientGone) {
                    return;
                }
                if (!committed) {
                    commit(res, ex);
                    out = res.outputStream();
                    committed = true;
                }
                out.write(COMMENT);
                out.flush();
            } catch (IOException | RuntimeException e) {
                clientGone = true;
                cancel();
                if (!stopped) {
                    handler.interrupt();
                }
            } finally {
                lock.unlock();
            }
        }

        /** Ends the watch; from now on only the caller writes. Returns {@link #committed()}. */
        boolean stop() {
            cancel();
            lock.lock();
            try {
                stopped = true;
                return committed;
            } finally {
                lock.unlock();
            }
        }

        private void cancel() {
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }

        /** True once the 200 event stream was committed by a keep-alive: errors must become error events. */
        boolean committed() {
            return committed;
        }

        /** True when a keep-alive write failed: the client is gone. */
        boolean clientGone() {
            return clientGone;
        }

        /**
         * Ends the watch for good: after {@link #stop()}, clears the interrupt a departed client caused (so it does
         * not leak into the server's own code) and records the abort.
         */
        void finish() {
            stop();
            if (clientGone) {
                Thread.interrupted();
                ex.clientAborted = true;
            }
        }

        /** The committed response's output stream (only after {@link #stop()} returned true). */
        OutputStream output() {
            return out;
        }

        /** Sends {@code e} as an SSE error event on the committed stream and ends it; a no-op if the client left. */
        void failWith(ProxyError e) {
            try {
                out.write(ErrorBodies.sseEvent(e));
                out.flush();
                out.close();
            } catch (IOException | RuntimeException writeFailed) {
                ex.clientAborted = true;
            }
        }
    }

    /** Commits {@code res} as a 200 event stream: status, content type and the no-buffering headers. */
    static void commit(ServerResponse res, Exchange ex) {
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(ResponseRelay.ACCEL_BUFFERING, "no");
        ex.responseStarted = true;
    }
}
