package org.openrouterproxy.server;

import java.util.function.BooleanSupplier;

/** Bounded polling for effects that land just after a response was sent (metrics, access log). */
final class Await {
    private Await() {
    }

    /** Waits up to 10 s for {@code condition}; returns whether it became true (assert on the result). */
    static boolean until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
