package org.openrouterproxy.core;

/**
 * The outcome of {@link ChatRequestRewriter#rewrite}: the bytes to send upstream (the client's own array,
 * untouched, when nothing changed), what was decided, and the two facts the transport needs.
 *
 * @param body     bytes to forward upstream
 * @param decision injected or skipped
 * @param markers  number of cache markers placed (0 when skipped)
 * @param model    the {@code model} field, or null when absent or not a string
 * @param stream   true when {@code "stream": true}
 */
public record ChatRewrite(byte[] body, CacheDecision decision, int markers, String model, boolean stream) {
}
