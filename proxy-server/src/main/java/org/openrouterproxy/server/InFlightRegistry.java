package org.openrouterproxy.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admitted {@code /v1} requests that are running, and the draining switch of a graceful shutdown: once
 * draining, readiness reports DOWN and new requests are refused; {@link #awaitIdle} waits for the running ones,
 * and {@link #abortRemaining} ends those still running when the grace period is over.
 */
final class InFlightRegistry {
    private final Map<Exchange, UpstreamAbort> running = new ConcurrentHashMap<>();
    private volatile boolean draining;

    void enter(Exchange ex, UpstreamAbort abort) {
        running.put(ex, abort);
    }

    void exit(Exchange ex) {
        running.remove(ex);
    }

    boolean draining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }

    int running() {
        return running.size();
    }

    /** Waits until no admitted request runs or {@code grace} passes; true when idle. */
    boolean awaitIdle(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (!running.isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return running.isEmpty();
            }
        }
        return true;
    }

    /** Ends every request still running: streams get an error event and their upstream call is closed. */
    int abortRemaining() {
        int n = 0;
        for (UpstreamAbort a : running.values()) {
            a.abort();
            n++;
        }
        return n;
    }
}
