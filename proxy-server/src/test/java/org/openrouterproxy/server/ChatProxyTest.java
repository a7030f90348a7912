package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;
import static org.openrouterproxy.server.ProxyFixture.json;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChatProxyTest {
    private static ProxyFixture f;

    @BeforeAll
    static void start() {
        f = ProxyFixture.withClientKeys();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void jsonChatIsForwardedAndAnswered() throws Exception {
        HttpResponse<String> r = f.post("/v1/chat/completions", chat("openai/gpt-4o", "json hello", false), CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = json(r.body());
        assertThat(n.at("/choices/0/message/content").asText()).isEqualTo("Mock reply to: json hello");
        assertThat(r.headers().firstValue("Content-Length")).isPresent();
        assertThat(r.headers().firstValue("X-Generation-Id")).hasValueSatisfying(v -> assertThat(v).startsWith("gen-"));
        assertThat(r.headers().firstValue("X-Proxy-Cache-Control")).contains("skipped");
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void streamedChatIsRelayedEventByEvent() throws Exception {
        HttpResponse<String> r = f.post("/v1/chat/completions", chat("openai/gpt-4o", "stream hello", true),
                CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(r.headers().firstValue("X-Accel-Buffering")).contains("no");
        assertThat(r.headers().firstValue("X-Generation-Id")).isPresent();
        assertThat(r.body()).startsWith(": OPENROUTER PROCESSING\n\n").endsWith("data: [DONE]\n\n");
        assertThat(ProxyFixture.streamedText(r.body())).isEqualTo("Mock reply to: stream hello");
    }
}
