package org.openrouterproxy.server;

import static org.openrouterproxy.server.SettingKeys.CLIENT_WATCH_AFTER;
import static org.openrouterproxy.server.SettingKeys.MAX_SSE_EVENT_BYTES;
import static org.openrouterproxy.server.SettingKeys.RETRIES;
import static org.openrouterproxy.server.SettingKeys.RETRY_AFTER_CAP;
import static org.openrouterproxy.server.SettingKeys.RETRY_BASE_BACKOFF;
import static org.openrouterproxy.server.SettingKeys.RETRY_MAX_BACKOFF;
import static org.openrouterproxy.server.SettingKeys.STREAM_KEEPALIVE_AFTER;
import static org.openrouterproxy.server.SettingKeys.STREAM_KEEPALIVE_INTERVAL;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How the proxy copes with a faulty upstream: retries and back-off, stream keep-alive, the SSE event size limit.
 * Part of {@link ProxySettings}; the timeouts themselves stay there.
 *
 * @param retries                 further attempts after the first for connect failures and 429/502/503/529
 * @param retryBaseBackoff        back-off ceiling of the first retry (doubled for each next one, full jitter)
 * @param retryMaxBackoff         largest back-off ceiling
 * @param retryAfterCap           longest upstream {@code Retry-After} honoured; longer ones are passed to the client
 * @param streamKeepAliveAfter    silence before a stream is committed and kept alive (zero: never)
 * @param streamKeepAliveInterval time between {@code : keep-alive} comments
 * @param maxSseEventBytes        largest upstream SSE event relayed; larger is a 502 / an error event
 * @param clientWatchAfter        wait for upstream before a non-stream request watches for its client leaving
 *                                (zero: at once)
 */
public record ResilienceSettings(int retries, Duration retryBaseBackoff, Duration retryMaxBackoff,
                                 Duration retryAfterCap, Duration streamKeepAliveAfter,
                                 Duration streamKeepAliveInterval, int maxSseEventBytes,
                                 Duration clientWatchAfter) {
    public static final int DEFAULT_RETRIES = 2;
    public static final int MAX_RETRIES = 10;

    public ResilienceSettings {
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException(RETRIES + " must be 0.." + MAX_RETRIES + "; got '" + retries + "'");
        }
        if (maxSseEventBytes <= 0) {
            throw new IllegalArgumentException(MAX_SSE_EVENT_BYTES + " must be positive and below 2 GiB");
        }
        if (streamKeepAliveInterval.isZero() && !streamKeepAliveAfter.isZero()) {
            throw new IllegalArgumentException(STREAM_KEEPALIVE_INTERVAL + " must be positive while "
                    + STREAM_KEEPALIVE_AFTER + " is set");
        }
    }

    /**
     * 2 retries, 250 ms base and 5 s largest back-off, Retry-After up to 10 s, keep-alive after 10 s every 15 s,
     * client watch after 1 s.
     */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(DEFAULT_RETRIES, Duration.ofMillis(250), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(15), 8 * 1024 * 1024,
                Duration.ofSeconds(1));
    }

    /** Applies the keys that are set in {@code v} (env-var names) on top of {@code this}. */
    ResilienceSettings with(Map<String, String> v) {
        ResilienceSettings[] r = {this};
        set(v, RETRIES, s -> r[0] = r[0].withRetries(SettingValues.count(RETRIES, s)));
        set(v, RETRY_BASE_BACKOFF, s -> r[0] = r[0].withRetryBaseBackoff(
                SettingValues.duration(RETRY_BASE_BACKOFF, s)));
        set(v, RETRY_MAX_BACKOFF, s -> r[0] = r[0].withRetryMaxBackoff(SettingValues.duration(RETRY_MAX_BACKOFF, s)));
        set(v, RETRY_AFTER_CAP, s -> r[0] = r[0].withRetryAfterCap(SettingValues.duration(RETRY_AFTER_CAP, s)));
        set(v, STREAM_KEEPALIVE_AFTER, s -> r[0] = r[0].withStreamKeepAliveAfter(
                SettingValues.duration(STREAM_KEEPALIVE_AFTER, s)));
        set(v, STREAM_KEEPALIVE_INTERVAL, s -> r[0] = r[0].withStreamKeepAliveInterval(
                SettingValues.duration(STREAM_KEEPALIVE_INTERVAL, s)));
        set(v, MAX_SSE_EVENT_BYTES, s -> r[0] = r[0].withMaxSseEventBytes(
                (int) Math.min(Integer.MAX_VALUE, SettingValues.bytes(MAX_SSE_EVENT_BYTES, s))));
        set(v, CLIENT_WATCH_AFTER, s -> r[0] = r[0].withClientWatchAfter(
                SettingValues.duration(CLIENT_WATCH_AFTER, s)));
        return r[0];
    }

    private static void set(Map<String, String> v, String key, Consumer<String> setter) {
        String s = v.get(key);
        if (s != null && !s.isBlank()) {
            setter.accept(s.trim());
        }
    }

    public ResilienceSettings withRetries(int n) {
        return new ResilienceSettings(n, retryBaseBackoff, retryMaxBackoff, retryAfterCap, streamKeepAliveAfter,
                streamKeepAliveInterval, maxSseEventBytes, clientWatchAfter);
    }

    public ResilienceSettings withRetryBaseBackoff(Duration d) {
        return new ResilienceSettings(retries, d, retryMaxBackoff, retryAfterCap, streamKeepAliveAfter,
                streamKeepAliveInterval, maxSseEventBytes, clientWatchAfter);
    }

    public ResilienceSettings withRetryMaxBackoff(Duration d) {
        return new ResilienceSettings(retries, retryBaseBackoff, d, retryAfterCap, streamKeepAliveAfter,
                streamKeepAliveInterval, maxSseEventBytes, clientWatchAfter);
    }

    public ResilienceSettings withRetryAfterCap(Duration d) {
        return new ResilienceSettings(retries, retryBaseBackoff, retryMaxBackoff, d, streamKeepAliveAfter,
                streamKeepAliveInterval, maxSseEventBytes, clientWatchAfter);
    }

    public ResilienceSettings withStreamKeepAliveAfter(Duration d) {
        return new ResilienceSettings(retries, retryBaseBackoff, retryMaxBackoff, retryAfterCap, d,
                streamKeepAliveInterval, maxSseEventBytes, clientWatchAfter);
    }

    public ResilienceSettings withStreamKeepAliveInterval(Duration d) {
        return new ResilienceSettings(retries, retryBaseBackoff, retryMaxBackoff, retryAfterCap, streamKeepAliveAfter,
                d, maxSseEventBytes, clientWatchAfter);
    }

    public ResilienceSettings withMaxSseEventBytes(int n) {
        return new ResilienceSettings(retries, retryBaseBackoff, retryMaxBackoff, retryAfterCap, streamKeepAliveAfter,
                streamKeepAliveInterval, n, clientWatchAfter);
    }

    public ResilienceSettings withClientWatchAfter(Duration d) {
        return new ResilienceSettings(retries, retryBaseBackoff, retryMaxBackoff, retryAfterCap, streamKeepAliveAfter,
                streamKeepAliveInterval, maxSseEventBytes, d);
    }

    /** One line per key for {@code describeMasked()}. */
    void describe(StringBuilder sb) {
        line(sb, RETRIES, Integer.toString(retries));
        line(sb, RETRY_BASE_BACKOFF, retryBaseBackoff.toString());
        line(sb, RETRY_MAX_BACKOFF, retryMaxBackoff.toString());
        line(sb, RETRY_AFTER_CAP, retryAfterCap.toString());
        line(sb, STREAM_KEEPALIVE_AFTER, streamKeepAliveAfter.isZero() ? "off" : streamKeepAliveAfter.toString());
        line(sb, STREAM_KEEPALIVE_INTERVAL, streamKeepAliveInterval.toString());
        line(sb, MAX_SSE_EVENT_BYTES, Integer.toString(maxSseEventBytes));
        line(sb, CLIENT_WATCH_AFTER, clientWatchAfter.isZero() ? "at once" : clientWatchAfter.toString());
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format("  %-26s %s%n", key, value));
    }
}
