package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.openrouterproxy.server.mock.MockOptions;

/** PROXY_ACCESS_LOG=json: one JSON object per request with every field, and the client's X-Request-Id. */
class AccessLogFormatTest {

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void jsonLineHasEveryField(boolean stream) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger access = Logger.getLogger(AccessLog.LOGGER);
        access.addHandler(h);
        try (ProxyFixture f = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM_KEY)
                .clientKeys(List.of(CLIENT_KEY)).guard(GuardSettings.defaults()
                        .withAccessLogFormat(GuardSettings.AccessLogFormat.JSON)))) {
            HttpResponse<String> r = f.send(f.request("/v1/chat/completions").header("X-Request-Id", "trace-42")
                    .header("Authorization", "Bearer " + CLIENT_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chat("anthropic/claude-sonnet-4.5", "hi", stream))));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Request-Id")).hasValue("trace-42");
            assertThat(Eventually.holds(() -> !lines.isEmpty(), java.time.Duration.ofSeconds(5))).isTrue();
        } finally {
            access.removeHandler(h);
        }
        JsonNode line = ProxyFixture.json(lines.get(0));
        assertThat(Instant.parse(line.get("time").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(line.get("id").asText()).isEqualTo("trace-42");
        assertThat(line.get("key").asText()).isEqualTo(ClientAuth.keyId(CLIENT_KEY));
        assertThat(line.get("method").asText()).isEqualTo("POST");
        assertThat(line.get("path").asText()).isEqualTo("/v1/chat/completions");
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("model").asText()).isEqualTo("anthropic/claude-sonnet-4.5");
        assertThat(line.get("stream").asBoolean()).isEqualTo(stream);
        assertThat(line.get("duration_ms").isIntegralNumber()).isTrue();
        assertThat(line.get("ttfb_ms").isIntegralNumber()).isTrue();
        assertThat(line.get("prompt_tokens").asLong()).isPositive();
        assertThat(line.get("completion_tokens").asLong()).isPositive();
        assertThat(line.has("cached_tokens")).isTrue();
        assertThat(lines.get(0)).doesNotContain(CLIENT_KEY, UPSTREAM_KEY);
    }
}
