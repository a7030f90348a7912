package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.json;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.openrouterproxy.server.mock.MockOptions;

/** Invalid requests get OpenAI-style 4xx errors from the proxy and never reach upstream. */
class BadInputTest {
    private static final int MAX_BODY = 64 * 1024;
    private static ProxyFixture f;

    @BeforeAll
    static void start() {
        f = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(ProxyFixture.UPSTREAM_KEY)
                .clientKeys(List.of(CLIENT_KEY)).maxBodyBytes(MAX_BODY));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static JsonNode assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode n = json(r.body());
        assertThat(n.at("/error/code").asText()).isEqualTo(code);
        assertThat(n.at("/error/message").asText()).isNotBlank();
        assertThat(n.at("/error/type").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("\tat ").doesNotContain("Exception");
        return n;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "invalid json          | {\"model\":\"openai/gpt-4o\",\"messages\":[                     | invalid_json",
        "invalid json stream   | {\"stream\":true,\"messages\":[{\"role\":\"user\"}              | invalid_json",
        "missing messages      | {\"model\":\"openai/gpt-4o\"}                                    | missing_messages",
        "missing msgs stream   | {\"model\":\"openai/gpt-4o\",\"stream\":true}                    | missing_messages",
        "messages not array    | {\"model\":\"openai/gpt-4o\",\"messages\":\"hi\"}                | invalid_messages",
        "msgs not array stream | {\"stream\":true,\"messages\":{\"role\":\"user\"}}               | invalid_messages",
        "not an object         | [1,2,3]                                                          | invalid_body",
    })
    void invalidBodiesAre400(String name, String body, String code) throws Exception {
        long before = f.mock.requestCount();
        assertError(f.post("/v1/chat/completions", body, CLIENT_KEY), 400, code);
        assertThat(f.mock.requestCount()).isEqualTo(before);
    }

    @Test
    void emptyBodyIs400() throws Exception {
        assertError(f.post("/v1/chat/completions", "", CLIENT_KEY), 400, "empty_body");
    }

    @Test
    void wrongContentTypeIs415WithAHint() throws Exception {
        HttpResponse<String> r = f.send(f.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + CLIENT_KEY).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(ProxyFixture.chat("openai/gpt-4o", "x", false))));
        JsonNode n = assertError(r, 415, "unsupported_media_type");
        assertThat(n.at("/error/message").asText()).contains("application/json");
    }

    @Test
    void missingContentTypeIsAcceptedAsJson() throws Exception {
        HttpResponse<String> r = f.send(f.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + CLIENT_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(ProxyFixture.chat("openai/gpt-4o", "no type", false))));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).at("/choices/0/message/content").asText()).contains("no type");
        assertThat(f.mock.lastRequestHeaders().get("content-type")).isEqualTo("application/json");
    }

    @Test
    void chunkedBodiesWithinTheLimitAreAccepted() throws Exception {
        String body = ProxyFixture.chat("openai/gpt-4o", "chunked upload", false);
        HttpResponse<String> r = f.send(f.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + CLIENT_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes()))));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ProxyFixture.answer(r.body())).isEqualTo("Mock reply to: chunked upload");
        assertThat(f.mock.lastRequestHeaders().get("content-length")).isEqualTo(Integer.toString(body.length()));
    }

    @Test
    void tooLargeBodiesAre413WithAndWithoutContentLength() throws Exception {
        String big = ProxyFixture.chat("openai/gpt-4o", "y".repeat(MAX_BODY), false);
        assertError(f.post("/v1/chat/completions", big, CLIENT_KEY), 413, "request_too_large");
        HttpResponse<String> chunked = f.send(f.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + CLIENT_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))));
        assertError(chunked, 413, "request_too_large");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithAllow() throws Exception {
        assertError(f.get("/v1/nope", CLIENT_KEY), 404, "not_found");
        assertError(f.get("/nope", null), 404, "not_found");
        HttpResponse<String> r = f.get("/v1/chat/completions", CLIENT_KEY);
        assertError(r, 405, "method_not_allowed");
        assertThat(r.headers().firstValue("Allow")).contains("POST");
        HttpResponse<String> del = f.send(f.request("/health").DELETE());
        assertError(del, 405, "method_not_allowed");
        assertThat(del.headers().firstValue("Allow")).contains("GET");
    }
}
