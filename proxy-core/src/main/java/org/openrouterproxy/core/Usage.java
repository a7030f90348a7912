package org.openrouterproxy.core;

/**
 * Token accounting from an upstream {@code usage} object.
 *
 * @param promptTokens     {@code prompt_tokens}
 * @param completionTokens {@code completion_tokens}
 * @param cachedTokens     {@code prompt_tokens_details.cached_tokens} (prompt tokens read from cache)
 * @param cost             {@code cost} in credits, or null when upstream did not report it
 */
public record Usage(long promptTokens, long completionTokens, long cachedTokens, Double cost) {
}
