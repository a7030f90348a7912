package org.openrouterproxy.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

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
    private final CoarseTimer timer;
    private final long limitNanos;
    private final boolean idle;
    private final ClientConnection connection;
    private volatile long lastActivity;
    private volatile boolean expired;
    private volatile boolean finished;
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
        return expired;
    }

    /**
     * Stops watching (the call is over); when the limit had passed, makes sure this thread sees the connection
     * closed, so it is not given back to the pool.
     */
    public void finish() {
        finished = true;
        task.cancel();
        if (expired) {
            connection.closeResource();
        }
    }

    /** {@code in} with every read counted as activity and a failed read after expiry reported as a timeout. */
    public InputStream guard(InputStream in) {
        return new Guarded(in);
    }

    private void fire() {
        if (finished) {
            return;
        }
        if (idle) {
            long quiet = System.nanoTime() - lastActivity;
            if (quiet < limitNanos) {
                task = timer.schedule(this::fire, limitNanos - quiet);
                return;
            }
        }
        expired = true;
        connection.closeResource();
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
            } catch (IOException e) {
                throw expired ? timeout(e) : e;
            } catch (RuntimeException e) {
                if (expired) {
                    throw timeout(e);
                }
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                touch();
                return n;
            } catch (IOException e) {
                throw expired ? timeout(e) : e;
            } catch (RuntimeException e) {
                if (expired) {
                    throw timeout(e);
                }
                throw e;
            }
        }

        private void touch() {
            if (idle) {
                lastActivity = System.nanoTime();
            }
        }
    }
}
