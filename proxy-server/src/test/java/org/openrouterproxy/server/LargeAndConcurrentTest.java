package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.JSON;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A 2 MB request goes through intact, and 200 concurrent mixed requests each get their own answer. */
class LargeAndConcurrentTest {
    private static ProxyFixture f;

    @BeforeAll
    static void start() {
        f = ProxyFixture.withClientKeys();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** A chat body of about {@code size} bytes, generated here (never committed as a file). */
    private static String bigChat(String model, boolean stream, int size, String tail) {
        StringBuilder text = new StringBuilder(size + 64);
        for (int i = 0; text.length() < size; i++) {
            text.append("line ").append(i).append(": naïve café ✓ \"quoted\" \\ backslash\n");
        }
        text.append(tail);
        ObjectNode body = JSON.createObjectNode().put("model", model).put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", text.toString());
        return body.toString();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void twoMegabyteRequestIsForwardedByteForByte(boolean stream) throws Exception {
        String sent = bigChat("openai/gpt-4o", stream, 2 * 1024 * 1024, "END-OF-BIG-" + stream);
        assertThat(sent.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(2 * 1024 * 1024);
        HttpResponse<String> r = f.post("/v1/chat/completions", sent, CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ProxyFixture.answer(r.body())).endsWith("END-OF-BIG-" + stream);
        // byte-faithfulness is the point here, so compare bytes
        assertThat(f.mock.lastRequestBody()).isEqualTo(sent.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void twoMegabyteRequestToACachingModelKeepsItsTextExactly() throws Exception {
        String sent = bigChat("anthropic/claude-sonnet-4.5", false, 2 * 1024 * 1024, "END");
        HttpResponse<String> r = f.post("/v1/chat/completions", sent, CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Proxy-Cache-Control")).contains("injected");
        JsonNode in = JSON.readTree(sent);
        JsonNode up = JSON.readTree(f.mock.lastRequestBody());
        assertThat(up.at("/messages/0/content/0/text")).isEqualTo(in.at("/messages/0/content"));
    }

    @Test
    void twoHundredConcurrentMixedRequestsEachGetTheirOwnAnswer() throws Exception {
        int n = 200;
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean stream = i % 2 == 0;
            String model = i % 3 == 0 ? "anthropic/claude-sonnet-4.5" : "openai/gpt-4o";
            HttpRequest req = f.request("/v1/chat/completions")
                    .header("Authorization", "Bearer " + CLIENT_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ProxyFixture.chat(model, "client #" + i + " here",
                            stream)))
                    .build();
            futures.add(f.http.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = futures.get(i).join();
            assertThat(r.statusCode()).as("request %d", i).isEqualTo(200);
            assertThat(ProxyFixture.answer(r.body())).as("request %d", i)
                    .isEqualTo("Mock reply to: client #" + i + " here");
            if (i % 2 == 0) {
                assertThat(r.body()).endsWith("data: [DONE]\n\n");
            }
        }
        assertThat(Await.until(() -> f.proxy.components().metrics().inFlight() == 0)).isTrue();
    }
}
