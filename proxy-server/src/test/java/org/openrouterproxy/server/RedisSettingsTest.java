package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code PROXY_REDIS_URL} and {@code PROXY_REDIS_TIMEOUT}: parsing, one-line errors, the password never shown. */
class RedisSettingsTest {
    private static ProxySettings load(Map<String, String> env) {
        return ProxySettings.load(Map.of(), env, Path.of("/nonexistent-redis-settings-test"));
    }

    @Test
    void offByDefaultWithA50msBound() {
        ProxySettings s = load(Map.of());
        assertThat(s.redis().enabled()).isFalse();
        assertThat(s.redis().timeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.describeMasked()).contains("PROXY_REDIS_URL            (not set: rate limits are per replica)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://127.0.0.1:6379", "rediss://cache.example.com:6380", "redis://:pw@h:6379/2",
        "redis://user:pw@h/0", "redis://h"})
    void acceptsRedisAndRedissUrls(String url) {
        assertThat(load(Map.of(RedisSettings.URL_KEY, url, RedisSettings.TIMEOUT_KEY, "200ms")).redis())
                .isEqualTo(new RedisSettings(url, Duration.ofMillis(200)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://h:6379", "h:6379", "redis://:secret-pw@h:6379/x", "redis:///0", "::"})
    void rejectsOtherUrlsInOneLineWithoutThePassword(String url) {
        assertThatThrownBy(() -> load(Map.of(RedisSettings.URL_KEY, url)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("PROXY_REDIS_URL")
                .hasMessageNotContaining("secret-pw")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0ms", "2m", "soon"})
    void rejectsTimeoutsOutsideOneMsToOneMinute(String timeout) {
        assertThatThrownBy(() -> load(Map.of(RedisSettings.TIMEOUT_KEY, timeout)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("PROXY_REDIS_TIMEOUT");
    }

    @Test
    void theStartUpDescriptionMasksThePassword() {
        ProxySettings s = load(Map.of(RedisSettings.URL_KEY, "redis://admin:hunter2-redis@cache:6379/1"));
        assertThat(s.describeMasked()).contains("redis://cache:6379/1 (password set, masked)")
                .doesNotContain("hunter2-redis").doesNotContain("admin");
        assertThat(s.redis().toString()).doesNotContain("hunter2-redis");
    }
}
