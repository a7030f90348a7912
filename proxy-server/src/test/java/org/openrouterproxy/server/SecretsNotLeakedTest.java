package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.chat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.Test;

import org.openrouterproxy.server.mock.MockOptions;

/**
 * Keys never leave the proxy in logs (every level of the proxy's loggers, exceptions included), error bodies,
 * response headers, metrics, service info or the printed configuration, across successes, auth failures,
 * upstream errors, rate limiting and an unreachable upstream, in both key modes.
 */
class SecretsNotLeakedTest {
    private static final String UPSTREAM = "sk-or-leakcheck-upstream-0009";
    private static final String CLIENT = "leakcheck-client-key-0009";
    private static final String WRONG = "leakcheck-wrong-key-0009";
    private static final String OWN = "sk-or-leakcheck-own-key-0009";

    private final StringBuilder captured = new StringBuilder();
    private final Handler capture = new Handler() {
        private final SimpleFormatter fmt = new SimpleFormatter();

        @Override
        public synchronized void publish(LogRecord r) {
            captured.append(fmt.format(r));
            if (r.getThrown() != null) {
                StringWriter w = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(w));
                captured.append(w);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private void record(HttpResponse<String> r) {
        captured.append(r.statusCode()).append(' ').append(r.headers().map()).append('\n').append(r.body());
    }

    private void exercise(ProxyFixture f, String key) throws Exception {
        for (boolean stream : new boolean[] {false, true}) {
            for (String model : List.of("anthropic/claude", "mock/error-401", "mock/error-500", "mock/error-429",
                    "mock/midstream-error")) {
                record(f.post("/v1/chat/completions", chat(model, "hello", stream), key));
            }
            record(f.post("/v1/chat/completions", chat("openai/gpt-4o", "x", stream), WRONG));
            record(f.post("/v1/chat/completions", chat("openai/gpt-4o", "x", stream), null));
            record(f.post("/v1/embeddings", "{\"model\":\"m\",\"input\":\"x\",\"stream\":" + stream + "}", key));
        }
        record(f.post("/v1/chat/completions", "{not json", key));
        record(f.get("/v1/models", key));
        record(f.get("/v1/models/anthropic/claude", key));
        record(f.get("/metrics", null));
        record(f.get("/", null));
        record(f.get("/health", null));
        captured.append(f.proxy.settings().describeMasked());
    }

    private void assertNoKeys() {
        assertThat(captured.length()).isGreaterThan(1000);
        assertThat(captured.toString()).doesNotContain(UPSTREAM, CLIENT, WRONG, OWN);
    }

    @Test
    void clientKeyModeLeaksNoKey() throws Exception {
        Logger proxyLogs = Logger.getLogger("org.openrouterproxy");
        Level before = proxyLogs.getLevel();
        proxyLogs.setLevel(Level.ALL);
        proxyLogs.addHandler(capture);
        GuardSettings guard = GuardSettings.defaults().withRateLimits(20, Map.of())
                .withAccessLogFormat(GuardSettings.AccessLogFormat.JSON);
        try (ProxyFixture f = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM)
                .clientKeys(List.of(CLIENT)).guard(guard))) {
            exercise(f, CLIENT);
            for (int i = 0; i < 25; i++) {
                record(f.post("/v1/chat/completions", chat("openai/gpt-4o", "x", false), CLIENT));
            }
            assertThat(captured.toString()).contains("rate_limit_exceeded")
                    .contains("\"key\":\"" + ClientAuth.keyId(CLIENT) + "\"");
        } finally {
            proxyLogs.removeHandler(capture);
            proxyLogs.setLevel(before);
        }
        try (ProxyFixture down = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM)
                .clientKeys(List.of(CLIENT)).baseUrl("http://127.0.0.1:1/api/v1"))) {
            record(down.post("/v1/chat/completions", chat("anthropic/claude", "x", true), CLIENT));
        }
        assertNoKeys();
    }

    @Test
    void passThroughModeLeaksNoKey() throws Exception {
        Logger proxyLogs = Logger.getLogger("org.openrouterproxy");
        Level before = proxyLogs.getLevel();
        proxyLogs.setLevel(Level.ALL);
        proxyLogs.addHandler(capture);
        try (ProxyFixture f = new ProxyFixture(MockOptions.defaults(), b -> b.accessLog(true)
                .guard(GuardSettings.defaults().withRateLimits(5, Map.of())))) {
            exercise(f, OWN);
        } finally {
            proxyLogs.removeHandler(capture);
            proxyLogs.setLevel(before);
        }
        assertNoKeys();
    }
}
