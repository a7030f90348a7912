package org.openrouterproxy.server;

import java.util.concurrent.atomic.AtomicInteger;

/** A non-blocking cap on concurrent requests: {@link #tryAcquire()} never waits, so overload sheds at once. */
final class ConcurrencyLimit {
    private final int max;
    private final AtomicInteger active = new AtomicInteger();

    /** {@code max} 0 means no cap. */
    ConcurrencyLimit(int max) {
        this.max = max;
    }

    boolean tryAcquire() {
        while (true) {
            int n = active.get();
            if (max > 0 && n >= max) {
                return false;
            }
            if (active.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        active.decrementAndGet();
    }

    int active() {
        return active.get();
    }
}
