package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;
import static org.openrouterproxy.server.ProxyFixture.json;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.openrouterproxy.server.mock.MockOptions;

/** /health, /, /metrics, request ids and the access log. */
class ObservabilityTest {
    private static final List<String> LOG_LINES = new CopyOnWriteArrayList<>();
    private static final Logger ACCESS = Logger.getLogger(AccessLog.LOGGER);
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            LOG_LINES.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static ProxyFixture f;

    @BeforeAll
    static void start() {
        ACCESS.addHandler(CAPTURE);
        f = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM_KEY).clientKeys(List.of(CLIENT_KEY))
                .accessLog(true));
    }

    @AfterAll
    static void stop() {
        f.close();
        ACCESS.removeHandler(CAPTURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/health/live", "/health/ready"})
    void healthIsPublicAndUp(String path) throws Exception {
        HttpResponse<String> r = f.get(path, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void serviceInfoNamesTheUpstreamAndPolicyButNoSecrets() throws Exception {
        HttpResponse<String> r = f.get("/", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = json(r.body());
        assertThat(n.path("name").asText()).isEqualTo("openrouter-proxy");
        assertThat(n.path("version").asText()).isNotBlank();
        assertThat(n.path("upstream").asText()).isEqualTo(f.mock.baseUrl());
        assertThat(n.path("endpoints").toString()).contains("POST /v1/chat/completions");
        assertThat(n.at("/cache_policy/strategy").asText()).isEqualTo("last-message");
        assertThat(n.path("uptime_seconds").isNumber()).isTrue();
        assertThat(r.body()).doesNotContain(UPSTREAM_KEY).doesNotContain(CLIENT_KEY);
    }

    @Test
    void metricsCountRequestsLatencyAndTokensFromJsonAndStreams() throws Exception {
        assertThat(f.post("/v1/chat/completions", chat("openai/gpt-4o", "m1", false), CLIENT_KEY).statusCode())
                .isEqualTo(200);
        assertThat(f.post("/v1/chat/completions", chat("openai/gpt-4o", "m2", true), CLIENT_KEY).statusCode())
                .isEqualTo(200);
        f.post("/v1/chat/completions", chat("openai/gpt-4o", "m3", false), "bad-key");
        // each request is counted just after its response went out
        assertThat(Await.until(() -> f.proxy.components().metrics().render()
                .matches("(?s).*proxy_request_duration_seconds_count\\{route=\"chat\"} [3-9].*"))).isTrue();
        HttpResponse<String> r = f.get("/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String m = r.body();
        assertThat(m).containsPattern("proxy_requests_total\\{route=\"chat\",status=\"2xx\"} [2-9]");
        assertThat(m).containsPattern("proxy_requests_total\\{route=\"chat\",status=\"4xx\"} [1-9]");
        assertThat(m).containsPattern("proxy_request_duration_seconds_count\\{route=\"chat\"} [3-9]");
        assertThat(m).containsPattern("proxy_upstream_ttfb_seconds_count [2-9]");
        assertThat(m).containsPattern("proxy_requests_in_flight [1-9]");
        // the fake upstream reports 4 prompt tokens for each of m1 (JSON usage) and m2 (last SSE chunk)
        assertThat(promptTokens(m)).isGreaterThanOrEqualTo(8);
        assertThat(m).doesNotContain(CLIENT_KEY).doesNotContain(UPSTREAM_KEY).doesNotContain("bad-key");
    }

    private static long promptTokens(String metrics) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith("proxy_tokens_total{kind=\"prompt\"} ")) {
                return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }

    @Test
    void requestIdIsKeptOrGeneratedAndAccessLogHasNoKeys() throws Exception {
        HttpResponse<String> given = f.send(f.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + CLIENT_KEY).header("X-Request-Id", "trace-42.abc")
                .POST(HttpRequest.BodyPublishers.ofString(chat("openai/gpt-4o", "logged", true))));
        assertThat(given.headers().firstValue("X-Request-Id")).contains("trace-42.abc");
        HttpResponse<String> forged = f.send(f.request("/health").header("X-Request-Id", "bad id with spaces"));
        assertThat(forged.headers().firstValue("X-Request-Id").orElse("")).startsWith("req-");
        assertThat(Await.until(() -> LOG_LINES.stream().anyMatch(l -> l.contains("id=trace-42.abc")))).isTrue();
        String line = LOG_LINES.stream().filter(l -> l.contains("id=trace-42.abc")).findFirst().orElseThrow();
        assertThat(line).contains("key=" + ClientAuth.keyId(CLIENT_KEY)).contains("POST /v1/chat/completions 200")
                .contains("model=openai/gpt-4o").contains("stream=true").contains("ms=").contains("tokens=");
        assertThat(LOG_LINES).noneMatch(l -> l.contains(CLIENT_KEY) || l.contains(UPSTREAM_KEY));
    }
}
