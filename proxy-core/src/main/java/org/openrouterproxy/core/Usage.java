package org.openrouterproxy.core;

/**
 * Token accounting from an upstream {@code usage} object.
 *
 * @param promptTokens     {@code prompt_tokens} (all prompt tokens, those read from or written to the cache included)
 * @param completionTokens {@code completion_tokens}
 * @param cachedTokens     {@code prompt_tokens_details.cached_tokens} (prompt tokens read from cache)
 * @param cacheWriteTokens {@code prompt_tokens_details.cache_write_tokens} (prompt tokens written to the cache)
 * @param cost             {@code cost} in credits, or null when upstream did not report it
 */
public record Usage(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens, Double cost) {
    /** Usage without cache writes (upstream did not report {@code cache_write_tokens}). */
    public Usage(long promptTokens, long completionTokens, long cachedTokens, Double cost) {
        this(promptTokens, completionTokens, cachedTokens, 0, cost);
    }
}
