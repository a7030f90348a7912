package org.openrouterproxy.server;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for conditions that become true asynchronously (never an assertion on timing). */
final class Eventually {
    private Eventually() {
    }

    /** Polls {@code condition} every 20 ms for up to {@code max}; returns its last value. */
    static boolean holds(BooleanSupplier condition, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return condition.getAsBoolean();
            }
            Thread.sleep(20);
        }
        return true;
    }
}
