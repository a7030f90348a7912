package org.openrouterproxy.server.usage;

/**
 * One upstream {@code /v1} request as the ledger keeps it. Built on the request thread from fields already at hand
 * (no parsing, no formatting); everything else (truncation, pricing) happens on the writer thread.
 *
 * @param timeMillis       when the request finished, epoch milliseconds
 * @param requestId        the {@code X-Request-Id}
 * @param keyId            the client's key id ({@code key-1a2b3c4d}, {@code anon}); never the key
 * @param model            the requested model, or null
 * @param route            the route label ({@code chat}, {@code embeddings}, {@code responses}, {@code completions})
 * @param status           the HTTP status answered (499 when the client went away)
 * @param stream           whether the answer was streamed
 * @param promptTokens     {@code usage.prompt_tokens} as upstream reported it (0 without usage)
 * @param completionTokens {@code usage.completion_tokens}
 * @param cachedTokens     {@code usage.prompt_tokens_details.cached_tokens}
 * @param cacheWriteTokens {@code usage.prompt_tokens_details.cache_write_tokens}
 * @param cost             {@code usage.cost} in USD credits, or null when not reported
 * @param markerInjected   whether the proxy added cache markers to the request
 * @param upstreamMillis   time from sending upstream to its response headers, ms
 * @param durationMillis   the whole request, ms
 */
public record UsageRecord(long timeMillis, String requestId, String keyId, String model, String route, int status,
                          boolean stream, long promptTokens, long completionTokens, long cachedTokens,
                          long cacheWriteTokens, Double cost, boolean markerInjected, long upstreamMillis,
                          long durationMillis) {
}
