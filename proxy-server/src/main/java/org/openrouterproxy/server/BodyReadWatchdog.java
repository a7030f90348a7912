package org.openrouterproxy.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how long a client may take to send its request body. A per-read socket timeout cannot catch a client
 * that trickles one byte at a time; this watchdog interrupts the reading (virtual) thread when the whole body has
 * not arrived in time, which closes the client's connection (JDK socket semantics), so no thread stays pinned.
 * One {@link CoarseTimer} per server (the deadline is nearly always cancelled: starting and finishing a watch wakes
 * no thread); it fires up to {@value #TICK_MILLIS} ms late.
 */
final class BodyReadWatchdog implements AutoCloseable {
    static final int TICK_MILLIS = 25;

    private final Duration timeout;
    private final CoarseTimer timer;

    BodyReadWatchdog(Duration timeout) {
        this.timeout = timeout;
        this.timer = new CoarseTimer("proxy-body-read-watchdog", Duration.ofMillis(TICK_MILLIS));
    }

    Duration timeout() {
        return timeout;
    }

    /** Starts watching the current thread's body read; call {@link Watch#finish()} when the read ended. */
    Watch start() {
        Watch w = new Watch(Thread.currentThread());
        w.task = timer.schedule(w::fire, timeout.toNanos());
        return w;
    }

    @Override
    public void close() {
        timer.close();
    }

    /** One watched read. */
    static final class Watch {
        private static final int READING = 0;
        private static final int DONE = 1;
        private static final int FIRED = 2;

        private final Thread reader;
        private final AtomicInteger state = new AtomicInteger(READING);
        private volatile CoarseTimer.Task task;

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
            CoarseTimer.Task t = task;
            if (t != null) {
                t.cancel();
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
