package org.openrouterproxy.server.mock;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded LRU of prompt prefixes per upstream key, with Anthropic's semantics: the prefix up to each breakpoint
 * is stored when it is at least the minimum size; a later request reads from the cache the longest stored prefix
 * that ends at one of its content blocks, looking back up to 20 blocks from each of its breakpoints, and what its
 * breakpoints add beyond that is reported as cache writes.
 */
final class PromptCacheSimulator {
    /** Tokens read from and written to the cache for one request. */
    record Outcome(int cachedTokens, int writeTokens) {
    }

    private record Key(long keyHash, long prefixHash) {
    }

    static final int LOOKBACK_BLOCKS = 20;

    private final int minTokens;
    private final Map<Key, Integer> lru;

    PromptCacheSimulator(int maxEntries, int minTokens) {
        this.minTokens = minTokens;
        this.lru = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Integer> eldest) {
                return size() > maxEntries;
            }
        };
    }

    private static final Outcome NONE = new Outcome(0, 0);

    /** Looks up and records the breakpoints of one request made with the given upstream key. */
    Outcome account(String upstreamKey, MockChatRequest r) {
        if (r.breakpoints == 0) {
            return NONE;
        }
        synchronized (lru) {
            return lookUpAndStore(upstreamKey, r);
        }
    }

    private Outcome lookUpAndStore(String upstreamKey, MockChatRequest r) {
        long keyHash = upstreamKey == null ? 0 : upstreamKey.hashCode() * 0x9E3779B97F4A7C15L;
        int cached = 0;
        for (int b = r.breakpoints - 1; b >= 0 && cached == 0; b--) {
            int last = r.breakpointBlocks[b];
            for (int i = last; i >= 0 && i > last - LOOKBACK_BLOCKS; i--) {
                Integer hit = lru.get(new Key(keyHash, r.blockHashes[i]));
                if (hit != null) {
                    cached = hit;
                    break;
                }
            }
        }
        int written = 0;
        for (int b = 0; b < r.breakpoints; b++) {
            int block = r.breakpointBlocks[b];
            int tokens = r.blockTokens[block];
            if (tokens < minTokens || tokens <= cached) {
                continue;
            }
            if (lru.putIfAbsent(new Key(keyHash, r.blockHashes[block]), tokens) == null) {
                written = Math.max(written, tokens - cached);
            }
        }
        return new Outcome(cached, written);
    }
}
