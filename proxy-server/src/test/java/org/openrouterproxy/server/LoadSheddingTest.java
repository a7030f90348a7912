package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;
import static org.openrouterproxy.server.ProxyFixture.json;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.openrouterproxy.server.mock.MockOptions;

/** Past PROXY_MAX_CONCURRENT the proxy answers 503 at once; open streams hold their slot; health is never shed. */
class LoadSheddingTest {
    private static ProxyFixture f;

    @BeforeAll
    static void start() {
        f = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM_KEY).clientKeys(List.of(CLIENT_KEY))
                .guard(GuardSettings.defaults().withMaxConcurrent(2)));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void requestsPastTheCapGet503WhileTwoStreamsAreOpen(boolean stream) throws Exception {
        try (RawClient s1 = new RawClient(f.proxy.port()); RawClient s2 = new RawClient(f.proxy.port())) {
            for (RawClient s : List.of(s1, s2)) {
                s.send(RawClient.post("/v1/chat/completions", CLIENT_KEY, chat("mock/slow", "long story", true)));
                assertThat(s.readUntil("chat.completion.chunk")).startsWith("HTTP/1.1 200");
            }
            HttpResponse<String> shed = f.post("/v1/chat/completions", chat("openai/gpt-4o", "hi", stream), CLIENT_KEY);
            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(shed.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode err = json(shed.body()).get("error");
            assertThat(err.get("code").asText()).isEqualTo("overloaded");
            assertThat(err.get("type").asText()).isEqualTo("server_error");
            assertThat(f.get("/health", null).statusCode()).isEqualTo(200);
            assertThat(f.get("/metrics", null).body()).contains("proxy_admitted_in_flight 2");
        }
        assertThat(Eventually.holds(() -> f.mock.openStreams() == 0, Duration.ofSeconds(10))).isTrue();
        assertThat(Eventually.holds(() -> f.proxy.components().guard().concurrency().active() == 0,
                Duration.ofSeconds(10))).isTrue();
        HttpResponse<String> ok = f.post("/v1/chat/completions", chat("openai/gpt-4o", "hi", stream), CLIENT_KEY);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(f.get("/metrics", null).body())
                .containsPattern("proxy_rejected_total\\{reason=\"overloaded\"} [1-9]");
    }
}
