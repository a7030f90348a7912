package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;
import static org.openrouterproxy.server.ProxyFixture.json;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.openrouterproxy.server.mock.MockOptions;

/** Per-client token buckets: 429 with Retry-After past the limit, separate buckets per key, per-key overrides. */
class RateLimitTest {
    private static final String SECOND_KEY = "rate-test-second-key-0002";
    private static final String EXEMPT_KEY = "rate-test-exempt-key-0003";
    private static ProxyFixture f;

    @BeforeAll
    static void start() {
        f = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM_KEY)
                .clientKeys(List.of(CLIENT_KEY, SECOND_KEY, EXEMPT_KEY))
                .guard(GuardSettings.defaults().withRateLimits(3, Map.of(ClientAuth.keyId(EXEMPT_KEY), 0))));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void fourthRequestOfAKeyWithinAMinuteGets429(boolean stream) throws Exception {
        String key = stream ? SECOND_KEY : CLIENT_KEY;
        for (int i = 0; i < 3; i++) {
            assertThat(f.post("/v1/chat/completions", chat("openai/gpt-4o", "hi " + i, stream), key).statusCode())
                    .isEqualTo(200);
        }
        HttpResponse<String> limited = f.post("/v1/chat/completions", chat("openai/gpt-4o", "hi", stream), key);
        assertThat(limited.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        JsonNode err = json(limited.body()).get("error");
        assertThat(err.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(err.get("message").asText()).doesNotContain(key);
        assertThat(f.get("/metrics", null).body())
                .containsPattern("proxy_rejected_total\\{reason=\"rate_limited\"} [1-9]");
        assertThat(f.get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void exemptKeyIsNeverLimited() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(f.post("/v1/chat/completions", chat("openai/gpt-4o", "x", false), EXEMPT_KEY).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void wrongKeysAreLimitedByAddress() throws Exception {
        int unauthorized = 0;
        int limited = 0;
        for (int i = 0; i < 5; i++) {
            int status = f.post("/v1/chat/completions", chat("openai/gpt-4o", "x", false), "wrong-" + i).statusCode();
            unauthorized += status == 401 ? 1 : 0;
            limited += status == 429 ? 1 : 0;
        }
        assertThat(unauthorized).isEqualTo(3);
        assertThat(limited).isEqualTo(2);
    }

    @Test
    void passThroughModeLimitsEachOwnKeySeparately() throws Exception {
        try (ProxyFixture p = new ProxyFixture(MockOptions.defaults(),
                b -> b.guard(GuardSettings.defaults().withRateLimits(2, Map.of())))) {
            String own = "sk-or-ratelimit-own-key-0004";
            String other = "sk-or-ratelimit-other-key-0004";
            for (int i = 0; i < 2; i++) {
                assertThat(p.post("/v1/chat/completions", chat("openai/gpt-4o", "x", false), own).statusCode())
                        .isEqualTo(200);
            }
            assertThat(p.post("/v1/chat/completions", chat("openai/gpt-4o", "x", true), own).statusCode())
                    .isEqualTo(429);
            assertThat(p.post("/v1/chat/completions", chat("openai/gpt-4o", "x", true), other).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void overridesNameKeyIdsNeverRawKeys() {
        assertThat(GuardSettings.rateLimits("key-1a2b3c4d:120, ip-10.0.0.5:0"))
                .containsEntry("key-1a2b3c4d", 120).containsEntry("ip-10.0.0.5", 0);
        assertThatThrownBy(() -> GuardSettings.rateLimits("sk-or-v1-abc:10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("sk-or-v1-abc");
        assertThatThrownBy(() -> GuardSettings.rateLimits("key-1a2b3c4d:lots"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
