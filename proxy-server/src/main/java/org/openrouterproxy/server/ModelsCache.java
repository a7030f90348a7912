package org.openrouterproxy.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The last good upstream models list, kept for a while ({@code PROXY_MODELS_CACHE_TTL}). Lock-free: concurrent
 * misses may fetch in parallel and the last one wins, so no thread ever waits on another's upstream call. With
 * {@code PROXY_REDIS_URL} the list is shared by the replicas (while Redis answers).
 */
final class ModelsCache {
    /** One fetched list: upstream's bytes (for single-model lookups) and the OpenAI-shaped list. */
    record Entry(byte[] upstreamBody, byte[] openAiList, long fetchedNanos) {
    }

    private final AtomicReference<Entry> current = new AtomicReference<>();
    private final long ttlNanos;
    private final LongSupplier clock;
    private final RedisLink shared;

    ModelsCache(Duration ttl, LongSupplier clock) {
        this(ttl, clock, null);
    }

    /** With {@code shared} (nullable) the list a replica fetches is shared with the others through Redis. */
    ModelsCache(Duration ttl, LongSupplier clock, RedisLink shared) {
        this.ttlNanos = ttl.toNanos();
        this.clock = clock;
        this.shared = shared;
    }

    /**
     * The cached entry if still fresh, else the one another replica shared in Redis (not kept here, so it is never
     * older than the TTL), else null. A zero TTL disables caching.
     */
    Entry fresh() {
        if (ttlNanos <= 0) {
            return null;
        }
        Entry e = current.get();
        if (e != null && clock.getAsLong() - e.fetchedNanos() < ttlNanos) {
            return e;
        }
        byte[][] both = shared == null ? null : shared.call(RedisBuckets::models);
        return both == null ? null : new Entry(both[0], both[1], clock.getAsLong());
    }

    /** The last fetched entry however old, or null: good enough for prices. */
    Entry latest() {
        return current.get();
    }

    Entry store(byte[] upstreamBody, byte[] openAiList) {
        Entry e = new Entry(upstreamBody, openAiList, clock.getAsLong());
        current.set(e);
        if (shared != null && ttlNanos > 0) {
            long ttlMillis = Math.max(1, ttlNanos / 1_000_000);
            shared.call(b -> b.storeModels(upstreamBody, openAiList, ttlMillis));
        }
        return e;
    }
}
