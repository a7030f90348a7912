package org.openrouterproxy.server;

/**
 * Lets another thread end one request's upstream call: the forwarder attaches the open upstream response, and a
 * graceful shutdown whose grace period ran out calls {@link #abort()}, which closes it. The relay then sees a
 * broken upstream and ends the client's stream with an error event.
 */
final class UpstreamAbort {
    private volatile AutoCloseable upstream;
    private volatile boolean aborted;

    /** Called by the forwarder once upstream answered; closes it at once when already aborted. */
    void attach(AutoCloseable up) {
        upstream = up;
        if (aborted) {
            closeQuietly(up);
        }
    }

    void detach() {
        upstream = null;
    }

    void abort() {
        aborted = true;
        AutoCloseable up = upstream;
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
