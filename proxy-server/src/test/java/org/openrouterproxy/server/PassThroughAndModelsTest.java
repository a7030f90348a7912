package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.json;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.openrouterproxy.server.mock.MockOptions;

/** Embeddings, responses and completions pass through untouched; models are mapped to OpenAI's shape and cached. */
class PassThroughAndModelsTest {
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
    void embeddingsPassThroughUnchanged() throws Exception {
        String body = "{\"model\":\"openai/text-embedding-3-small\",\"input\":[\"a\",\"b\",\"c\"],\"cache_control\":1}";
        HttpResponse<String> r = f.post("/v1/embeddings", body, CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).path("data").size()).isEqualTo(3);
        assertThat(new String(f.mock.lastRequestBody(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(f.mock.lastRequestHeaders().get("authorization")).isEqualTo("Bearer " + UPSTREAM_KEY);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void responsesPassThroughWithStreaming(boolean stream) throws Exception {
        HttpResponse<String> r = f.post("/v1/responses",
                "{\"model\":\"openai/gpt-4o\",\"input\":\"resp-input\",\"stream\":" + stream + "}", CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("resp-input");
        if (stream) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            assertThat(r.body()).contains("event: response.completed");
        } else {
            assertThat(json(r.body()).at("/output/0/content/0/text").asText()).contains("resp-input");
        }
        assertThat(r.headers().firstValue("X-Proxy-Cache-Control")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void legacyCompletionsPassThroughWithStreaming(boolean stream) throws Exception {
        HttpResponse<String> r = f.post("/v1/completions",
                "{\"model\":\"openai/gpt-4o\",\"prompt\":\"legacy-prompt\",\"stream\":" + stream + "}", CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("legacy-prompt");
        if (stream) {
            assertThat(r.body()).endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void passThroughNeedsAKeyAndJson() throws Exception {
        assertThat(f.post("/v1/embeddings", "{\"input\":\"x\"}", null).statusCode()).isEqualTo(401);
        assertThat(f.post("/v1/responses", "{nope", CLIENT_KEY).statusCode()).isEqualTo(400);
        assertThat(f.post("/v1/completions", "", CLIENT_KEY).statusCode()).isEqualTo(400);
    }

    @Test
    void modelsAreListedInOpenAiShapeKeepingOpenRouterFields() throws Exception {
        HttpResponse<String> r = f.get("/v1/models", CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = json(r.body());
        assertThat(n.path("object").asText()).isEqualTo("list");
        JsonNode first = n.path("data").get(0);
        assertThat(first.path("id").asText()).isEqualTo("anthropic/claude-sonnet-4.5");
        assertThat(first.path("object").asText()).isEqualTo("model");
        assertThat(first.path("owned_by").asText()).isEqualTo("anthropic");
        assertThat(first.path("created").isNumber()).isTrue();
        assertThat(first.at("/pricing/input_cache_read").asText()).isNotBlank();
        assertThat(first.path("context_length").asInt()).isPositive();
    }

    @Test
    void singleModelIdsMayContainSlashes() throws Exception {
        HttpResponse<String> r = f.get("/v1/models/anthropic/claude-sonnet-4.5", CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = json(r.body());
        assertThat(n.path("id").asText()).isEqualTo("anthropic/claude-sonnet-4.5");
        assertThat(n.path("object").asText()).isEqualTo("model");
        HttpResponse<String> missing = f.get("/v1/models/nobody/nothing", CLIENT_KEY);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing.body()).at("/error/code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void modelsListIsCachedForItsTtlOnly() throws Exception {
        try (ProxyFixture cached = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM_KEY)
                .clientKeys(List.of(CLIENT_KEY)).modelsCacheTtl(Duration.ofMinutes(5)))) {
            cached.get("/v1/models", CLIENT_KEY);
            cached.get("/v1/models", CLIENT_KEY);
            cached.get("/v1/models/openai/gpt-4o", CLIENT_KEY);
            assertThat(cached.mock.requestCount()).isEqualTo(1);
        }
        try (ProxyFixture uncached = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM_KEY)
                .clientKeys(List.of(CLIENT_KEY)).modelsCacheTtl(Duration.ZERO))) {
            uncached.get("/v1/models", CLIENT_KEY);
            uncached.get("/v1/models", CLIENT_KEY);
            assertThat(uncached.mock.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void modelsCacheExpiresByItsClock() {
        long[] now = {0};
        ModelsCache c = new ModelsCache(Duration.ofSeconds(10), () -> now[0]);
        assertThat(c.fresh()).isNull();
        c.store(new byte[] {1}, new byte[] {2});
        now[0] = Duration.ofSeconds(9).toNanos();
        assertThat(c.fresh()).isNotNull();
        now[0] = Duration.ofSeconds(10).toNanos();
        assertThat(c.fresh()).isNull();
    }
}
