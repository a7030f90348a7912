package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Back-off, Retry-After parsing and capping, which statuses are retried, and the settings that drive them. */
class RetryPolicyTest {
    private static final long NOW = 1_760_000_000_000L;
    private final RetryPolicy policy = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(300),
            Duration.ofSeconds(10), () -> NOW);

    @Test
    void onlyTryAgainStatusesAreRetryable() {
        for (int s : new int[] {429, 502, 503, 529}) {
            assertThat(RetryPolicy.retryableStatus(s)).as("%d", s).isTrue();
        }
        for (int s : new int[] {200, 400, 401, 402, 403, 404, 408, 413, 422, 500, 504, 524}) {
            assertThat(RetryPolicy.retryableStatus(s)).as("%d", s).isFalse();
        }
    }

    @Test
    void atMostTheConfiguredNumberOfRetries() {
        assertThat(policy.mayRetry(0)).isTrue();
        assertThat(policy.mayRetry(1)).isTrue();
        assertThat(policy.mayRetry(2)).isFalse();
    }

    @Test
    void backoffIsFullJitterUnderAnExponentialCeilingCappedByTheMaximum() {
        for (int i = 0; i < 500; i++) {
            assertThat(policy.delay(0, null)).isBetween(Duration.ZERO, Duration.ofMillis(100));
            assertThat(policy.delay(1, null)).isBetween(Duration.ZERO, Duration.ofMillis(200));
            assertThat(policy.delay(7, null)).isBetween(Duration.ZERO, Duration.ofMillis(300));
        }
    }

    @Test
    void retryAfterSecondsAndDatesAreHonouredUpToTheCap() {
        assertThat(policy.delay(0, "3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.delay(0, " 0 ")).isEqualTo(Duration.ZERO);
        assertThat(policy.delay(0, "Thu, 09 Oct 2025 08:53:25 GMT")).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delay(0, "Wed, 01 Jan 2020 00:00:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(policy.delay(0, "11")).isNull();
        assertThat(policy.delay(0, "99999999999999999999999")).isNull();
        assertThat(policy.delay(0, "soon")).isBetween(Duration.ZERO, Duration.ofMillis(100));
    }

    @Test
    void settingsComeFromTheEnvironmentWithDefaults() {
        ProxySettings d = ProxySettings.load(Map.of(), Map.of(), Path.of("/nonexistent-dir"));
        assertThat(d.resilience()).isEqualTo(ResilienceSettings.defaults());
        assertThat(d.responseTimeout()).isEqualTo(Duration.ofMinutes(10));
        ProxySettings s = ProxySettings.load(Map.of(), Map.of("PROXY_RETRIES", "4", "PROXY_RETRY_MAX_BACKOFF", "2s",
                "PROXY_RETRY_AFTER_CAP", "1m", "PROXY_STREAM_KEEPALIVE_AFTER", "0", "PROXY_MAX_SSE_EVENT_BYTES", "1MiB",
                "PROXY_RESPONSE_TIMEOUT", "90s", "PROXY_RETRY_BASE_BACKOFF", "50ms",
                "PROXY_STREAM_KEEPALIVE_INTERVAL", "20s", "PROXY_CLIENT_WATCH_AFTER", "0"),
                Path.of("/nonexistent-dir"));
        ResilienceSettings r = s.resilience();
        assertThat(r.retries()).isEqualTo(4);
        assertThat(r.retryBaseBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(r.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(r.retryAfterCap()).isEqualTo(Duration.ofMinutes(1));
        assertThat(r.streamKeepAliveAfter()).isZero();
        assertThat(r.streamKeepAliveInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(r.maxSseEventBytes()).isEqualTo(1024 * 1024);
        assertThat(r.clientWatchAfter()).isZero();
        assertThat(d.resilience().clientWatchAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.responseTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.describeMasked()).contains("PROXY_RETRIES").contains("PROXY_STREAM_KEEPALIVE_AFTER")
                .containsPattern("PROXY_CLIENT_WATCH_AFTER +at once");
    }

    @Test
    void invalidValuesAreOneLineErrors() {
        assertThatThrownBy(() -> ProxySettings.load(Map.of(), Map.of("PROXY_RETRIES", "-1"), Path.of("/nonexistent")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PROXY_RETRIES");
        assertThatThrownBy(() -> ProxySettings.load(Map.of(), Map.of("PROXY_RETRIES", "50"), Path.of("/nonexistent")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PROXY_RETRIES");
        assertThatThrownBy(() -> ProxySettings.load(Map.of(), Map.of("PROXY_RETRY_AFTER_CAP", "soon"),
                Path.of("/nonexistent"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PROXY_RETRY_AFTER_CAP");
    }
}
