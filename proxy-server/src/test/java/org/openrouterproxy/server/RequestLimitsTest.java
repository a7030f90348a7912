package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;
import static org.openrouterproxy.server.ProxyFixture.json;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.openrouterproxy.server.mock.MockOptions;

/** Header, request-line and body limits answer OpenAI-style JSON; a client trickling its body is cut off. */
class RequestLimitsTest {
    private static ProxyFixture f;

    @BeforeAll
    static void start() {
        f = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM_KEY).clientKeys(List.of(CLIENT_KEY))
                .maxBodyBytes(64 * 1024)
                .guard(GuardSettings.defaults().withMaxHeaderBytes(4096).withBodyReadTimeout(Duration.ofSeconds(1))));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static JsonNode error(String response) throws Exception {
        return json(RawClient.body(response)).get("error");
    }

    @Test
    void headersOverTheLimitGet431Json() throws Exception {
        try (RawClient c = new RawClient(f.proxy.port())) {
            String r = c.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(8000) + "\r\n\r\n")
                    .readResponse();
            assertThat(r).startsWith("HTTP/1.1 431");
            assertThat(error(r).get("code").asText()).isEqualTo("request_headers_too_large");
        }
    }

    @Test
    void headersWithinTheLimitAreServed() throws Exception {
        try (RawClient c = new RawClient(f.proxy.port())) {
            String r = c.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Ok: " + "a".repeat(2000) + "\r\n\r\n")
                    .readResponse();
            assertThat(r).startsWith("HTTP/1.1 200");
        }
    }

    @ParameterizedTest(name = "{0} chars")
    @ValueSource(ints = {3000, 10_000, 100_000})
    void tooLongRequestLineGets414JsonOrIsClosed(int length) throws Exception {
        try (RawClient c = new RawClient(f.proxy.port())) {
            String r = c.send("GET /v1/models?q=" + "a".repeat(length) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .readResponse();
            System.out.println("request line of " + length + " chars -> "
                    + (r.isEmpty() ? "closed" : r.substring(0, 12)));
            if (length < 5000) {
                assertThat(r).startsWith("HTTP/1.1 401");
            } else if (!r.isEmpty()) {
                assertThat(r).startsWith("HTTP/1.1 414");
                assertThat(error(r).get("code").asText()).isEqualTo("uri_too_long");
            }
        }
        assertThat(f.get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedRequestGets400JsonWithoutEcho() throws Exception {
        try (RawClient c = new RawClient(f.proxy.port())) {
            String r = c.send("GET /health HTTP/1.1\r\nHost: x\r\nBad Header <script>: 1\r\n\r\n").readResponse();
            assertThat(r).startsWith("HTTP/1.1 400");
            assertThat(error(r).get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(r).doesNotContain("<script>");
        }
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void chunkedBodyOverTheLimitGets413Json(boolean stream) throws Exception {
        String big = chat("openai/gpt-4o", "x".repeat(100_000), stream);
        try (RawClient c = new RawClient(f.proxy.port())) {
            String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + CLIENT_KEY + "\r\nTransfer-Encoding: chunked\r\n\r\n";
            String r = c.send(head + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n")
                    .readResponse();
            assertThat(r).startsWith("HTTP/1.1 413");
            assertThat(error(r).get("code").asText()).isEqualTo("request_too_large");
        }
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void clientTricklingItsBodyIsCutOffAndThreadFreed(boolean stream) throws Exception {
        String body = chat("openai/gpt-4o", "hello", stream);
        long before = f.proxy.components().metrics().inFlight();
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send(RawClient.postHead("/v1/chat/completions", CLIENT_KEY, body.length(), ""));
            boolean closed = false;
            // one byte every 200 ms: each read succeeds, so only a whole-body deadline (1 s here) can stop it
            for (int i = 0; i < body.length() - 1 && !closed; i++) {
                try {
                    c.send(body.substring(i, i + 1));
                    Thread.sleep(200);
                } catch (java.io.IOException e) {
                    closed = true;
                }
                if (i > 25) {
                    break;
                }
            }
            // the watchdog's interrupt closes the socket when it lands in a socket read; when it lands between
            // reads the handler answers 408 (Connection: close) instead: either way the trickle is cut off
            boolean cutOff = closed || c.closedByServer() || c.seen().startsWith("HTTP/1.1 408");
            assertThat(cutOff).as("connection closed or 408 sent; seen: %s", c.seen()).isTrue();
        }
        assertThat(Eventually.holds(() -> f.proxy.components().metrics().inFlight() == before, Duration.ofSeconds(5)))
                .isTrue();
        assertThat(f.get("/metrics", null).body()).containsPattern("proxy_body_read_timeouts_total [1-9]");
        assertThat(f.post("/v1/chat/completions", body, CLIENT_KEY).statusCode()).isEqualTo(200);
    }
}
