package org.openrouterproxy.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.webclient.api.ClientConnection;

/**
 * The time limit of one upstream call, kept on the proxy's {@link CoarseTimer} instead of as a socket read timeout:
 * a timed read parks its virtual thread with a timeout, and scheduling and cancelling that timeout woke the JDK's
 * delay-scheduler thread twice per request. Either the whole answer must arrive within the limit (JSON), or no
 * silence may last longer than it (streams: every read counts as activity). When the limit passes, the upstream
 * connection is closed, which ends a blocked read at once; {@link #expired()} and the streams from {@link #guard}
 * then report a timeout (504, or a timeout event) rather than a broken connection. Fires up to one timer tick late.
 */
public final class UpstreamDeadline {
    private static final int ACTIVE = 0;
    private static final int FINISHED = 1;
    private static final int EXPIRED = 2;

    private final CoarseTimer timer;
    private final long limitNanos;
    private final boolean idle;
    private final ClientConnection connection;
    /** ACTIVE until either the call finishes or the limit passes, whichever comes first (never both). */
    private final AtomicInteger state = new AtomicInteger(ACTIVE);
    private volatile long lastActivity;
    private volatile CoarseTimer.Task task;

    private UpstreamDeadline(CoarseTimer timer, Duration limit, boolean idle, ClientConnection connection) {
        this.timer = timer;
        this.limitNanos = limit.toNanos();
        this.idle = idle;
        this.connection = connection;
        this.lastActivity = System.nanoTime();
        this.task = timer.schedule(this::fire, limitNanos);
    }

    /** The whole answer (headers and body) must arrive within {@code limit} from now. */
    public static UpstreamDeadline whole(CoarseTimer timer, Duration limit, ClientConnection connection) {
        return new UpstreamDeadline(timer, limit, false, connection);
    }

    /** No silence (from now, and between reads) may last longer than {@code limit}. */
    public static UpstreamDeadline idle(CoarseTimer timer, Duration limit, ClientConnection connection) {
        return new UpstreamDeadline(timer, limit, true, connection);
    }

    /** True once the limit passed and the connection was closed for it. */
    public boolean expired() {
        return state.get() == EXPIRED;
    }

    /**
     * Stops watching (the call is over); when the limit had passed, makes sure this thread sees the connection
     * closed, so it is not given back to the pool.
     */
    public void finish() {
        if (state.compareAndSet(ACTIVE, FINISHED)) {
            task.cancel();
        } else if (state.get() == EXPIRED) {
            // the timer closed the connection; closing it again here makes this thread see it closed, so Helidon
            // does not hand it back to the pool
            connection.closeResource();
        }
    }

    /** {@code in} with every read counted as activity and a failed read after expiry reported as a timeout. */
    public InputStream guard(InputStream in) {
        return new Guarded(in);
    }

    private void fire() {
        if (state.get() != ACTIVE) {
            return;
        }
        if (idle) {
            long quiet = System.nanoTime() - lastActivity;
            if (quiet < limitNanos) {
                CoarseTimer.Task next = timer.schedule(this::fire, limitNanos - quiet);
                task = next;
                if (state.get() != ACTIVE) {
                    next.cancel();
                }
                return;
            }
        }
        if (state.compareAndSet(ACTIVE, EXPIRED)) {
            connection.closeResource();
        }
    }

    private static SocketTimeoutException timeout(Exception cause) {
        SocketTimeoutException t = new SocketTimeoutException("upstream timed out");
        t.initCause(cause);
        return t;
    }

    /** The upstream body stream as the relay reads it. */
    private final class Guarded extends FilterInputStream {
        Guarded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                touch();
                return b;
            } catch (IOException | RuntimeException e) {
                throwTimeoutIfExpired(e);
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                touch();
                return n;
            } catch (IOException | RuntimeException e) {
                throwTimeoutIfExpired(e);
                throw e;
            }
        }

        /** A read that failed because the deadline closed the connection is a timeout, not a broken connection. */
        private void throwTimeoutIfExpired(Exception e) throws SocketTimeoutException {
            if (expired()) {
                throw timeout(e);
            }
        }

        private void touch() {
            if (idle) {
                lastActivity = System.nanoTime();
            }
        }
    }
}
