package org.openrouterproxy.server.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MockOpenRouterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MockOpenRouter mock;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        mock = MockOpenRouter.start(MockOptions.defaults().withChunks(4));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    private HttpResponse<String> post(String path, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(mock.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void chatJsonEchoesLastUserMessageWithUsage() throws Exception {
        HttpResponse<String> r = post("/chat/completions",
                "{\"model\":\"anthropic/claude-sonnet-4.5\",\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"hello 42\"}]}",
                "k");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Generation-Id")).isPresent();
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.path("object").asText()).isEqualTo("chat.completion");
        assertThat(n.at("/choices/0/message/content").asText()).contains("hello 42");
        assertThat(n.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isZero();
        assertThat(mock.lastRequestHeaders().get("authorization")).isEqualTo("Bearer k");
    }

    @Test
    void chatStreamHasOpenRouterFraming() throws Exception {
        HttpResponse<String> r = post("/chat/completions",
                "{\"model\":\"m/x\",\"stream\":true,\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"stream me\"}]}", "k");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        String[] events = r.body().split("\n\n");
        assertThat(events[0]).isEqualTo(": OPENROUTER PROCESSING");
        assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < events.length - 2; i++) {
            JsonNode c = JSON.readTree(events[i].substring("data: ".length()));
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            text.append(c.at("/choices/0/delta/content").asText());
        }
        assertThat(text.toString()).isEqualTo("Mock reply to: stream me");
        JsonNode usage = JSON.readTree(events[events.length - 2].substring("data: ".length()));
        assertThat(usage.path("choices").size()).isZero();
        assertThat(usage.at("/usage/prompt_tokens").asInt()).isPositive();
        assertThat(mock.openStreams()).isZero();
    }

    @Test
    void repeatedMarkedPrefixIsReportedAsCached() throws Exception {
        String big = "x".repeat(8000);
        String body = "{\"model\":\"anthropic/claude-sonnet-4.5\",\"messages\":"
                + "[{\"role\":\"system\",\"content\":[{\"type\":"
                + "\"text\",\"text\":\"" + big + "\",\"cache_control\":{\"type\":\"ephemeral\"}}]},"
                + "{\"role\":\"user\",\"content\":\"q\"}]}";
        JsonNode first = JSON.readTree(post("/chat/completions", body, "cache-key").body());
        JsonNode second = JSON.readTree(post("/chat/completions", body, "cache-key").body());
        JsonNode otherKey = JSON.readTree(post("/chat/completions", body, "other-key").body());
        assertThat(first.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isZero();
        assertThat(first.at("/usage/prompt_tokens_details/cache_write_tokens").asInt()).isGreaterThanOrEqualTo(2000);
        assertThat(second.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isGreaterThanOrEqualTo(2000);
        assertThat(second.at("/usage/prompt_tokens_details/cache_write_tokens").asInt()).isZero();
        assertThat(otherKey.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isZero();
    }

    @Test
    void smallPrefixIsNotCached() throws Exception {
        String body = "{\"model\":\"anthropic/x\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"short\",\"cache_control\":{\"type\":\"ephemeral\"}}]}]}";
        post("/chat/completions", body, "k");
        JsonNode second = JSON.readTree(post("/chat/completions", body, "k").body());
        assertThat(second.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isZero();
    }

    @Test
    void errorModelsAnswerTheirStatus() throws Exception {
        HttpResponse<String> r = post("/chat/completions",
                "{\"model\":\"mock/error-429\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "k");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(JSON.readTree(r.body()).at("/error/code").asInt()).isEqualTo(429);
    }

    @Test
    void midStreamErrorSendsErrorEventAfter200() throws Exception {
        HttpResponse<String> r = post("/chat/completions",
                "{\"model\":\"mock/midstream-error\",\"stream\":true,\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"x\"}]}",
                "k");
        assertThat(r.statusCode()).isEqualTo(200);
        String[] events = r.body().split("\n\n");
        JsonNode last = JSON.readTree(events[events.length - 1].substring("data: ".length()));
        assertThat(last.at("/error/code").asInt()).isEqualTo(502);
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("error");
    }

    @Test
    void missingKeyIs401AndModelsListHasOpenRouterShape() throws Exception {
        assertThat(post("/chat/completions", "{\"messages\":[]}", null).statusCode()).isEqualTo(401);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.has("object")).isFalse();
        assertThat(n.path("data").get(0).path("id").asText()).isEqualTo("anthropic/claude-sonnet-4.5");
        assertThat(n.path("data").get(0).has("pricing")).isTrue();
    }

    @Test
    void embeddingsResponsesAndCompletionsAnswer() throws Exception {
        JsonNode e = JSON.readTree(post("/embeddings", "{\"model\":\"m\",\"input\":[\"a\",\"b\"]}", "k").body());
        assertThat(e.path("data").size()).isEqualTo(2);
        JsonNode r = JSON.readTree(post("/responses", "{\"model\":\"m\",\"input\":\"hi there\"}", "k").body());
        assertThat(r.at("/output/0/content/0/text").asText()).contains("hi there");
        JsonNode c = JSON.readTree(post("/completions", "{\"model\":\"m\",\"prompt\":\"p1\"}", "k").body());
        assertThat(c.at("/choices/0/text").asText()).contains("p1");
    }
}
