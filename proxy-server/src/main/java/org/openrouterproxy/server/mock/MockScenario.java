package org.openrouterproxy.server.mock;

import java.time.Duration;

/**
 * Behaviour chosen by the requested model name: {@code mock/error-<status>} answers that error (429 and 503 with
 * {@code Retry-After: 1}), {@code mock/midstream-error} streams a little then sends an error event,
 * {@code mock/slow} streams 300 chunks 100 ms apart, {@code mock/sleep-<ms>} waits before the headers,
 * {@code mock/truncated-stream} ends its stream in the middle of an event.
 * Any other model gets a normal answer.
 */
record MockScenario(int errorStatus, boolean midStreamError, boolean truncate, Duration extraLatency, int chunks,
                    Duration interval) {
    static final String ERROR_PREFIX = "mock/error-";
    static final String SLEEP_PREFIX = "mock/sleep-";

    static MockScenario of(String model, MockOptions o) {
        if (model != null && model.startsWith(ERROR_PREFIX)) {
            int status = parse(model.substring(ERROR_PREFIX.length()), 500);
            return new MockScenario(status < 400 || status > 599 ? 500 : status, false, false, Duration.ZERO,
                    o.chunks(), o.chunkInterval());
        }
        if ("mock/midstream-error".equals(model)) {
            return new MockScenario(0, true, false, Duration.ZERO, Math.max(2, o.chunks()), o.chunkInterval());
        }
        if ("mock/slow".equals(model)) {
            return new MockScenario(0, false, false, Duration.ZERO, 300, Duration.ofMillis(100));
        }
        if (model != null && model.startsWith(SLEEP_PREFIX)) {
            long ms = parse(model.substring(SLEEP_PREFIX.length()), 1000);
            return new MockScenario(0, false, false, Duration.ofMillis(ms), o.chunks(), o.chunkInterval());
        }
        if ("mock/truncated-stream".equals(model)) {
            return new MockScenario(0, false, true, Duration.ZERO, Math.max(2, o.chunks()), o.chunkInterval());
        }
        return new MockScenario(0, false, false, Duration.ZERO, o.chunks(), o.chunkInterval());
    }

    boolean isError() {
        return errorStatus != 0;
    }

    private static int parse(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
