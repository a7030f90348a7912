package org.openrouterproxy.server;

import org.openrouterproxy.core.ProxyError;

/**
 * Lets a graceful shutdown end one request's upstream call from another thread once the grace period is over.
 * While the request waits for upstream's headers, {@link #abort()} interrupts the waiting (virtual) thread, which
 * closes the upstream socket; once upstream answered, it closes the attached upstream response. Either way the
 * request then ends with {@link #SHUT_DOWN}: a 503 JSON error before the response started, an error event after.
 */
final class UpstreamAbort {
    static final ProxyError SHUT_DOWN = new ProxyError(503, "server_error", "shutting_down",
            "proxy shut down before the request finished (PROXY_SHUTDOWN_GRACE passed); retry the request");

    private AutoCloseable upstream;
    private Thread waiter;
    private boolean interrupted;
    private volatile boolean aborted;

    /** The calling thread is about to wait for upstream's headers. */
    synchronized void waiting() {
        waiter = Thread.currentThread();
    }

    /**
     * The wait for upstream's headers ended (answer or failure). True when a shutdown aborted it: the caller's
     * interrupt status is cleared so that it can still write its error to the client.
     */
    boolean doneWaiting() {
        synchronized (this) {
            waiter = null;
            if (!interrupted) {
                return false;
            }
            interrupted = false;
        }
        Thread.interrupted();
        return true;
    }

    /** Called by the forwarder once upstream answered; closes it at once when already aborted. */
    void attach(AutoCloseable up) {
        synchronized (this) {
            upstream = up;
        }
        if (aborted) {
            closeQuietly(up);
        }
    }

    synchronized void detach() {
        upstream = null;
    }

    void abort() {
        AutoCloseable up;
        synchronized (this) {
            aborted = true;
            up = upstream;
            if (up == null && waiter != null) {
                interrupted = true;
                waiter.interrupt();
            }
        }
        if (up != null) {
            closeQuietly(up);
        }
    }

    boolean aborted() {
        return aborted;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception | LinkageError e) {
            // the relay sees the broken upstream either way
        }
    }
}
