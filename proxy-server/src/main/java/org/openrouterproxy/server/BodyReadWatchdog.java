package org.openrouterproxy.server;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how long a client may take to send its request body. A per-read socket timeout cannot catch a client
 * that trickles one byte at a time; this watchdog interrupts the reading (virtual) thread when the whole body has
 * not arrived in time, which closes the client's connection (JDK socket semantics), so no thread stays pinned.
 * One timer thread per server.
 */
final class BodyReadWatchdog implements AutoCloseable {
    private final Duration timeout;
    private final ScheduledThreadPoolExecutor timer;

    BodyReadWatchdog(Duration timeout) {
        this.timeout = timeout;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "proxy-body-read-watchdog");
            t.setDaemon(true);
            return t;
        });
        this.timer.setRemoveOnCancelPolicy(true);
    }

    Duration timeout() {
        return timeout;
    }

    /** Starts watching the current thread's body read; call {@link Watch#finish()} when the read ended. */
    Watch start() {
        Watch w = new Watch(Thread.currentThread());
        w.future = timer.schedule(w::fire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return w;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One watched read. */
    static final class Watch {
        private static final int READING = 0;
        private static final int DONE = 1;
        private static final int FIRED = 2;

        private final Thread reader;
        private final AtomicInteger state = new AtomicInteger(READING);
        private volatile ScheduledFuture<?> future;

        private Watch(Thread reader) {
            this.reader = reader;
        }

        private synchronized void fire() {
            if (state.compareAndSet(READING, FIRED)) {
                reader.interrupt();
            }
        }

        /** Stops watching; true when the deadline passed first (the connection is being closed). */
        boolean finish() {
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
            synchronized (this) {
                if (state.compareAndSet(READING, DONE)) {
                    return false;
                }
            }
            Thread.interrupted();
            return true;
        }
    }
}
