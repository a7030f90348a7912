package org.openrouterproxy.server.mock;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded LRU of prompt prefixes per upstream key, with Anthropic's semantics: a prefix up to a breakpoint is
 * stored when it is at least the minimum size; a later request whose prefix at a breakpoint matches a stored one
 * reads that many tokens from the cache, and new prefixes beyond it are reported as cache writes.
 */
final class PromptCacheSimulator {
    /** Tokens read from and written to the cache for one request. */
    record Outcome(int cachedTokens, int writeTokens) {
    }

    private record Key(long keyHash, long prefixHash) {
    }

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

    /** Looks up and records the breakpoints of one request made with the given upstream key. */
    synchronized Outcome account(String upstreamKey, MockChatRequest r) {
        long keyHash = upstreamKey == null ? 0 : upstreamKey.hashCode() * 0x9E3779B97F4A7C15L;
        int cached = 0;
        for (int i = r.breakpoints - 1; i >= 0; i--) {
            Integer hit = lru.get(new Key(keyHash, r.breakpointHashes[i]));
            if (hit != null) {
                cached = hit;
                break;
            }
        }
        int written = 0;
        for (int i = 0; i < r.breakpoints; i++) {
            int tokens = r.breakpointTokens[i];
            if (tokens < minTokens || tokens <= cached) {
                continue;
            }
            Key k = new Key(keyHash, r.breakpointHashes[i]);
            if (lru.putIfAbsent(k, tokens) == null) {
                written = Math.max(written, tokens - cached);
            }
        }
        return new Outcome(cached, written);
    }
}
