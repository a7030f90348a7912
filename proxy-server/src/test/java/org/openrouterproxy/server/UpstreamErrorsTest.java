package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;
import static org.openrouterproxy.server.ProxyFixture.json;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.openrouterproxy.server.mock.MockOptions;

/** Upstream error statuses, mid-stream errors, an unreachable upstream and a silent one, for JSON and streams. */
class UpstreamErrorsTest {
    private static ProxyFixture f;

    @BeforeAll
    static void start() {
        f = ProxyFixture.withClientKeys();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @CsvSource({"400,false", "400,true", "401,false", "401,true", "402,false", "402,true", "429,false", "429,true",
        "500,false", "500,true", "502,false", "502,true", "503,false", "503,true"})
    void upstreamErrorStatusReachesTheClientAsJson(int status, boolean stream) throws Exception {
        HttpResponse<String> r = f.post("/v1/chat/completions", chat("mock/error-" + status, "x", stream), CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.headers().firstValue("Content-Length")).contains(Integer.toString(r.body().getBytes().length));
        JsonNode n = json(r.body());
        assertThat(n.at("/error/code").asInt()).isEqualTo(status);
        assertThat(n.at("/error/message").asText()).isNotBlank();
        if (status == 429 || status == 503) {
            assertThat(r.headers().firstValue("Retry-After")).contains("1");
        }
    }

    @Test
    void midStreamErrorEventIsRelayedAsSent() throws Exception {
        HttpResponse<String> r = f.post("/v1/chat/completions", chat("mock/midstream-error", "x", true), CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        String[] events = r.body().split("\n\n");
        JsonNode last = json(events[events.length - 1].substring("data: ".length()));
        assertThat(last.at("/error/code").asInt()).isEqualTo(502);
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("error");
    }

    @Test
    void truncatedUpstreamStreamEndsWithAnErrorEventNotASilentSuccess() throws Exception {
        HttpResponse<String> r = f.post("/v1/chat/completions", chat("mock/truncated-stream", "x", true), CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        String[] events = r.body().split("\n\n");
        assertThat(events[1]).contains("chat.completion.chunk");
        JsonNode last = json(events[events.length - 1].substring("data: ".length()));
        assertThat(last.at("/error/code").asText()).isEqualTo("upstream_truncated");
        assertThat(r.body()).doesNotContain("[DONE]").doesNotContain("\"cut");
    }

    @Test
    void midStreamErrorModelWithoutStreamingIsA502() throws Exception {
        HttpResponse<String> r = f.post("/v1/chat/completions", chat("mock/midstream-error", "x", false), CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(502);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void unreachableUpstreamIs502Json(boolean stream) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ProxySettings settings = ProxySettings.builder().host("127.0.0.1").port(0).accessLog(false)
                .baseUrl("http://127.0.0.1:" + closedPort + "/api/v1").upstreamKey(ProxyFixture.UPSTREAM_KEY)
                .clientKeys(List.of(CLIENT_KEY)).connectTimeout(Duration.ofSeconds(2)).build();
        try (ProxyServer proxy = ProxyServer.start(settings)) {
            HttpResponse<String> r = f.http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(proxy.baseUrl() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + CLIENT_KEY)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(chat("openai/gpt-4o", "x", stream)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode n = json(r.body());
            assertThat(n.at("/error/code").asText()).isEqualTo("upstream_unreachable");
            assertThat(r.body()).doesNotContain("Exception").doesNotContain(Integer.toString(closedPort))
                    .doesNotContain(ProxyFixture.UPSTREAM_KEY);
            assertThat(proxy.components().metrics().render())
                    .contains("proxy_upstream_failures_total{kind=\"unreachable\"} 1");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void silentUpstreamIs504Json(boolean stream) throws Exception {
        try (ProxyFixture slow = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(ProxyFixture.UPSTREAM_KEY)
                .readTimeout(Duration.ofMillis(300)).streamIdleTimeout(Duration.ofMillis(300)))) {
            HttpResponse<String> r = slow.post("/v1/chat/completions", chat("mock/sleep-3000", "x", stream), null);
            assertThat(r.statusCode()).isEqualTo(504);
            assertThat(json(r.body()).at("/error/code").asText()).isEqualTo("upstream_timeout");
        }
    }
}
