package org.openrouterproxy.cli.chat;

/**
 * Per-request knobs from the command line.
 *
 * @param maxTokens   {@code max_tokens}, or null to leave it to upstream
 * @param temperature {@code temperature}, or null to leave it to upstream
 * @param stream      true for an SSE answer
 */
public record RequestOptions(Integer maxTokens, Double temperature, boolean stream) {
}
