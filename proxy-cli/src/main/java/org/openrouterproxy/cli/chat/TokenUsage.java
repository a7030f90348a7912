package org.openrouterproxy.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Token counts of one answer as upstream reported them in {@code usage}.
 *
 * @param promptTokens     {@code prompt_tokens}
 * @param completionTokens {@code completion_tokens}
 * @param cachedTokens     {@code prompt_tokens_details.cached_tokens}, or null when not reported
 * @param cost             {@code cost} in USD, or null when not reported
 */
public record TokenUsage(long promptTokens, long completionTokens, Long cachedTokens, Double cost) {

    /** Reads a {@code usage} object; null when {@code usage} is missing or not an object. */
    static TokenUsage from(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        JsonNode cached = usage.path("prompt_tokens_details").path("cached_tokens");
        JsonNode cost = usage.path("cost");
        return new TokenUsage(
                usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0),
                cached.isNumber() ? cached.asLong() : null,
                cost.isNumber() ? cost.asDouble() : null);
    }
}
