package org.openrouterproxy.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The last good upstream models list, kept for a while ({@code PROXY_MODELS_CACHE_TTL}). Lock-free: concurrent
 * misses may fetch in parallel and the last one wins, so no thread ever waits on another's upstream call.
 */
final class ModelsCache {
    /** One fetched list: upstream's bytes (for single-model lookups) and the OpenAI-shaped list. */
    record Entry(byte[] upstreamBody, byte[] openAiList, long fetchedNanos) {
    }

    private final AtomicReference<Entry> current = new AtomicReference<>();
    private final long ttlNanos;
    private final LongSupplier clock;

    ModelsCache(Duration ttl, LongSupplier clock) {
        this.ttlNanos = ttl.toNanos();
        this.clock = clock;
    }

    /** The cached entry if still fresh, else null. A zero TTL disables caching. */
    Entry fresh() {
        Entry e = current.get();
        if (e == null || ttlNanos <= 0 || clock.getAsLong() - e.fetchedNanos() >= ttlNanos) {
            return null;
        }
        return e;
    }

    /** The last fetched entry however old, or null: good enough for prices. */
    Entry latest() {
        return current.get();
    }

    Entry store(byte[] upstreamBody, byte[] openAiList) {
        Entry e = new Entry(upstreamBody, openAiList, clock.getAsLong());
        current.set(e);
        return e;
    }
}
