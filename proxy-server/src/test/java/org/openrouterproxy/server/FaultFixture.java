package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.openrouterproxy.server.mock.FaultyUpstream;

/** A {@link FaultyUpstream} with a proxy in front of it (fast back-off for tests), and a JDK HTTP client. */
final class FaultFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String UPSTREAM_KEY = "sk-or-faults-secret-0042";

    final FaultyUpstream up;
    final ProxyServer proxy;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    FaultFixture(UnaryOperator<ProxySettings.Builder> settings) {
        this.up = FaultyUpstream.start();
        ProxySettings.Builder b = ProxySettings.builder().host("127.0.0.1").port(0).baseUrl(up.baseUrl())
                .upstreamKey(UPSTREAM_KEY).accessLog(false)
                .retries(2).retryBaseBackoff(Duration.ofMillis(10)).retryMaxBackoff(Duration.ofMillis(50));
        this.proxy = ProxyServer.start(settings.apply(b).build());
    }

    FaultFixture() {
        this(b -> b);
    }

    /** Posts a chat request for {@code openai/gpt-4o} (no cache markers), JSON or streamed. */
    HttpResponse<String> chat(boolean stream) throws Exception {
        String body = "{\"model\":\"openai/gpt-4o\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return http.send(HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String metrics() {
        return proxy.components().metrics().render();
    }

    /** Asserts a JSON error answer (the proxy's own or upstream's, relayed) and returns its {@code error} object. */
    static JsonNode jsonError(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error).as(r.body()).isNotNull();
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain(UPSTREAM_KEY).doesNotContain("<html").doesNotContain("Exception");
        return error;
    }

    /** Asserts a 200 event stream that ends with exactly one error event (no [DONE]); returns its error object. */
    static JsonNode streamError(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        String body = r.body();
        assertThat(body).doesNotContain("[DONE]").endsWith("\n\n");
        String[] events = body.split("\n\n");
        String last = events[events.length - 1];
        assertThat(last).startsWith("data: ");
        JsonNode error = JSON.readTree(last.substring(6)).get("error");
        assertThat(error).as(last).isNotNull();
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(body).doesNotContain(UPSTREAM_KEY);
        return error;
    }

    /** The concatenated delta contents of an SSE chat transcript. */
    static String streamedText(String sse) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String event : sse.split("\n\n")) {
            if (event.startsWith("data: {")) {
                sb.append(JSON.readTree(event.substring(6)).at("/choices/0/delta/content").asText(""));
            }
        }
        return sb.toString();
    }

    static String answer(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).at("/choices/0/message/content").asText();
    }

    /** Waits (bounded) until the upstream has no open connection left; returns how many remain. */
    int awaitUpstreamIdle() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (up.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return up.openConnections();
    }

    @Override
    public void close() {
        proxy.close();
        up.close();
    }
}
