package org.openrouterproxy.server.mock;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the fake OpenRouter.
 *
 * @param host          bind address
 * @param port          bind port, 0 for any free port
 * @param latency       delay before the response headers of every chat request
 * @param chunks        number of content chunks in a streamed answer (at least 1)
 * @param chunkInterval pause between streamed chunks
 * @param cacheEntries  bound of the simulated prompt cache (LRU entries)
 * @param minCacheTokens smallest prefix, in estimated tokens, that the simulated cache stores (Anthropic: 1024)
 */
public record MockOptions(String host, int port, Duration latency, int chunks, Duration chunkInterval,
                          int cacheEntries, int minCacheTokens) {

    public MockOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(chunkInterval, "chunkInterval");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535; got " + port);
        }
        if (chunks < 1) {
            throw new IllegalArgumentException("chunks must be at least 1; got " + chunks);
        }
        if (latency.isNegative() || chunkInterval.isNegative()) {
            throw new IllegalArgumentException("latency and chunk interval must not be negative");
        }
        if (cacheEntries < 0 || minCacheTokens < 0) {
            throw new IllegalArgumentException("cache bounds must not be negative");
        }
    }

    /** Loopback, any free port, no latency, 5 chunks, no pacing, 10,000 cache entries, 1024-token minimum. */
    public static MockOptions defaults() {
        return new MockOptions("127.0.0.1", 0, Duration.ZERO, 5, Duration.ZERO, 10_000, 1024);
    }

    public MockOptions withHost(String h) {
        return new MockOptions(h, port, latency, chunks, chunkInterval, cacheEntries, minCacheTokens);
    }

    public MockOptions withPort(int p) {
        return new MockOptions(host, p, latency, chunks, chunkInterval, cacheEntries, minCacheTokens);
    }

    public MockOptions withLatency(Duration d) {
        return new MockOptions(host, port, d, chunks, chunkInterval, cacheEntries, minCacheTokens);
    }

    public MockOptions withChunks(int n) {
        return new MockOptions(host, port, latency, n, chunkInterval, cacheEntries, minCacheTokens);
    }

    public MockOptions withChunkInterval(Duration d) {
        return new MockOptions(host, port, latency, chunks, d, cacheEntries, minCacheTokens);
    }

    public MockOptions withCacheEntries(int n) {
        return new MockOptions(host, port, latency, chunks, chunkInterval, n, minCacheTokens);
    }

    public MockOptions withMinCacheTokens(int n) {
        return new MockOptions(host, port, latency, chunks, chunkInterval, cacheEntries, n);
    }
}
