package org.openrouterproxy.server.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault-injecting upstream itself: scripted order, correct answers, and each kind of breakage on the wire. */
class FaultyUpstreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private FaultyUpstream up;

    @BeforeEach
    void start() {
        up = FaultyUpstream.start();
    }

    @AfterEach
    void stop() {
        up.close();
    }

    private HttpResponse<String> post(String model, boolean stream) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[]}";
        return http.send(HttpRequest.newBuilder(URI.create(up.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersCorrectlyWhenNothingIsScripted() throws Exception {
        HttpResponse<String> json = post("openai/gpt-4o", false);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(json.body()).at("/choices/0/message/content").asText()).isEqualTo("Faulty reply #1");
        HttpResponse<String> sse = post("openai/gpt-4o", true);
        assertThat(sse.headers().firstValue("Content-Type")).contains("text/event-stream");
        assertThat(sse.body()).startsWith(": OPENROUTER PROCESSING\n\n").contains("\"#2\"").endsWith("data: [DONE]\n\n");
        assertThat(up.requestCount()).isEqualTo(2);
        assertThat(new String(up.lastRequestBody())).contains("\"stream\":true");
    }

    @Test
    void scriptedFaultsAreUsedInOrderThenCorrectAnswers() throws Exception {
        up.script(Fault.status(429).retryAfter("3"), Fault.errorPage(503), Fault.of(Fault.Kind.NON_JSON_200));
        HttpResponse<String> first = post("m", false);
        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).contains("3");
        assertThat(JSON.readTree(first.body()).at("/error/code").asInt()).isEqualTo(429);
        HttpResponse<String> second = post("m", false);
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("Content-Type")).contains("text/html");
        assertThat(second.body()).startsWith("<html>");
        HttpResponse<String> third = post("m", false);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(third.body()).doesNotStartWith("{");
        assertThat(post("m", false).body()).contains("Faulty reply #4");
        assertThat(up.pendingFaults()).isZero();
    }

    @Test
    void modelNameSelectsAFaultWhenTheScriptIsEmpty() throws Exception {
        assertThat(post("fault/status-529", false).statusCode()).isEqualTo(529);
        assertThat(post("fault/wrong-content-type", false).headers().firstValue("Content-Type"))
                .contains("text/html");
        assertThat(Fault.forModel("fault/no-such-fault")).isNull();
        assertThat(Fault.forModel("openai/gpt-4o")).isNull();
    }

    @Test
    void brokenConnectionsFailTheClient() {
        up.script(Fault.of(Fault.Kind.RESET_BEFORE_HEADERS), Fault.of(Fault.Kind.CLOSE_AFTER_REQUEST),
                Fault.of(Fault.Kind.TRUNCATED_BODY), Fault.of(Fault.Kind.GARBAGE), Fault.resetMidStream());
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> post("m", false)).isInstanceOf(IOException.class);
        }
        assertThat(up.requestCount()).isEqualTo(5);
    }

    @Test
    void truncatedStreamEndsWithoutDoneAndMissingDoneEndsCleanly() throws Exception {
        up.script(Fault.of(Fault.Kind.TRUNCATED_STREAM), Fault.of(Fault.Kind.MISSING_DONE));
        assertThatThrownBy(() -> post("m", true)).isInstanceOf(IOException.class);
        HttpResponse<String> clean = post("m", true);
        assertThat(clean.statusCode()).isEqualTo(200);
        assertThat(clean.body()).contains("\"usage\"").doesNotContain("[DONE]");
    }

    @Test
    void stallHoldsTheConnectionUntilThePeerLeaves() throws Exception {
        up.script(Fault.of(Fault.Kind.STALL_BEFORE_HEADERS));
        HttpRequest req = HttpRequest.newBuilder(URI.create(up.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofMillis(300)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThatThrownBy(() -> http.send(req, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
        assertThat(up.requestCount()).isEqualTo(1);
    }

    @Test
    void hugeEventIsSentWhole() throws Exception {
        up.script(Fault.of(Fault.Kind.HUGE_SSE_EVENT));
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(up.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long n;
        try (InputStream in = r.body()) {
            n = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(n).isGreaterThan(Fault.HUGE_EVENT_BYTES);
    }

    @Test
    void slowDripDeliversTheWholeAnswer() throws Exception {
        up.script(Fault.of(Fault.Kind.SLOW_DRIP), Fault.of(Fault.Kind.SLOW_DRIP));
        assertThat(JSON.readTree(post("m", false).body()).at("/choices/0/message/content").asText())
                .isEqualTo("Faulty reply #1");
        assertThat(post("m", true).body()).endsWith("data: [DONE]\n\n");
    }
}
