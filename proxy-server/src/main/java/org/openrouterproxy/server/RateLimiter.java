package org.openrouterproxy.server;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * Token buckets, one per client identity: each holds up to {@code rpm} tokens (a minute's worth of burst) and
 * refills at {@code rpm/60} per second. Memory is bounded: buckets idle long enough to be full again are
 * dropped, and past {@link #MAX_BUCKETS} the least recently used one is evicted (it can only have been fuller).
 */
final class RateLimiter implements ClientLimiter {
    static final int MAX_BUCKETS = 100_000;
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    /** The verdict: allowed, or refused with the seconds until a token is available. */
    record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOW = new Decision(true, 0);
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;
    }

    private final ToIntFunction<String> rpmOf;
    private final LongSupplier clock;
    private final int maxBuckets;
    private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true);
    private long lastSweepNanos;

    RateLimiter(ToIntFunction<String> rpmOf, LongSupplier clock, int maxBuckets) {
        this.rpmOf = rpmOf;
        this.clock = clock;
        this.maxBuckets = maxBuckets;
        this.lastSweepNanos = clock.getAsLong();
    }

    /** Takes one token for {@code identity}, or says how long to wait. */
    @Override
    public Decision acquire(String identity) {
        int rpm = rpmOf.applyAsInt(identity);
        if (rpm <= 0) {
            return Decision.ALLOW;
        }
        long now = clock.getAsLong();
        synchronized (buckets) {
            sweepIfDue(now);
            Bucket b = buckets.get(identity);
            if (b == null) {
                b = new Bucket();
                b.tokens = rpm;
                b.updatedNanos = now;
                buckets.put(identity, b);
                evictOverflow();
            }
            double perNano = rpm / (double) NANOS_PER_MINUTE;
            b.tokens = Math.min(rpm, b.tokens + (now - b.updatedNanos) * perNano);
            b.updatedNanos = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return Decision.ALLOW;
            }
            long waitNanos = (long) Math.ceil((1 - b.tokens) / perNano);
            return new Decision(false, Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
        }
    }

    int size() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    /** Once a minute, drop buckets untouched for a minute: they are full again, the same as a new one. */
    private void sweepIfDue(long now) {
        if (now - lastSweepNanos < NANOS_PER_MINUTE) {
            return;
        }
        lastSweepNanos = now;
        for (Iterator<Map.Entry<String, Bucket>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
            if (now - it.next().getValue().updatedNanos >= NANOS_PER_MINUTE) {
                it.remove();
            }
        }
    }

    private void evictOverflow() {
        Iterator<String> eldest = buckets.keySet().iterator();
        while (buckets.size() > maxBuckets && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
