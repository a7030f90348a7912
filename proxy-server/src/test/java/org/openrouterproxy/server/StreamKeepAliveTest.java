package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.FaultFixture.answer;
import static org.openrouterproxy.server.FaultFixture.streamError;
import static org.openrouterproxy.server.FaultFixture.streamedText;

import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openrouterproxy.server.mock.Fault;

/**
 * Keep-alive: a stream whose upstream is slow to answer is committed as a 200 event stream and kept alive with
 * {@code : keep-alive} comments; anything upstream says afterwards, good or bad, arrives as events.
 */
class StreamKeepAliveTest {
    private static final Duration SLOW = Duration.ofMillis(900);
    private FaultFixture f;

    @BeforeEach
    void start() {
        f = new FaultFixture(b -> b.streamKeepAliveAfter(Duration.ofMillis(100))
                .streamKeepAliveInterval(Duration.ofMillis(100)).streamIdleTimeout(Duration.ofSeconds(3)));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void slowUpstreamHeadersAreBridgedWithKeepAliveComments() throws Exception {
        f.up.script(Fault.ok().after(SLOW));
        HttpResponse<String> r = f.chat(true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(r.headers().firstValue("X-Accel-Buffering")).contains("no");
        assertThat(r.body()).startsWith(": keep-alive\n\n").endsWith("data: [DONE]\n\n");
        assertThat(streamedText(r.body())).isEqualTo("Faulty reply #1");
    }

    @Test
    void anErrorStatusAfterKeepAliveBecomesAnErrorEventAndIsNotRetried() throws Exception {
        f.up.script(Fault.status(429).after(SLOW), Fault.ok());
        HttpResponse<String> r = f.chat(true);
        assertThat(r.body()).startsWith(": keep-alive\n\n");
        var error = streamError(r);
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("message").asText()).contains("faulty upstream says 429");
        assertThat(f.up.requestCount()).isEqualTo(1);
    }

    @Test
    void anHtmlErrorPageAfterKeepAliveBecomesAnErrorEvent() throws Exception {
        f.up.script(Fault.errorPage(502).after(SLOW), Fault.errorPage(502), Fault.errorPage(502));
        HttpResponse<String> r = f.chat(true);
        var error = streamError(r);
        assertThat(error.path("code").asText()).isEqualTo("bad_upstream_response");
        assertThat(r.body()).doesNotContain("<html");
    }

    @Test
    void anOversizedEventAfterKeepAliveBecomesAnErrorEvent() throws Exception {
        f.up.script(Fault.of(Fault.Kind.HUGE_SSE_EVENT).after(SLOW));
        HttpResponse<String> r = f.chat(true);
        assertThat(r.body()).startsWith(": keep-alive\n\n").hasSizeLessThan(64 * 1024);
        assertThat(streamError(r).path("code").asText()).isEqualTo("sse_event_too_large");
        assertThat(f.awaitUpstreamIdle()).isZero();
    }

    @Test
    void upstreamThatNeverAnswersEndsWithATimeoutEvent() throws Exception {
        f.close();
        f = new FaultFixture(b -> b.streamKeepAliveAfter(Duration.ofMillis(100))
                .streamKeepAliveInterval(Duration.ofMillis(100)).streamIdleTimeout(Duration.ofMillis(700)));
        f.up.script(Fault.of(Fault.Kind.STALL_BEFORE_HEADERS));
        HttpResponse<String> r = f.chat(true);
        assertThat(r.body()).startsWith(": keep-alive\n\n");
        assertThat(streamError(r).path("code").asText()).isEqualTo("upstream_timeout");
        assertThat(f.awaitUpstreamIdle()).isZero();
    }

    @Test
    void aClientLeavingDuringKeepAliveReleasesTheWaitingUpstreamRequest() throws Exception {
        f.close();
        f = new FaultFixture(b -> b.streamKeepAliveAfter(Duration.ofMillis(100))
                .streamKeepAliveInterval(Duration.ofMillis(100)).streamIdleTimeout(Duration.ofMinutes(1)));
        f.up.script(Fault.of(Fault.Kind.STALL_BEFORE_HEADERS));
        String body = "{\"model\":\"openai/gpt-4o\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        try (Socket s = new Socket("127.0.0.1", f.proxy.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                    + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains(": keep-alive")) {
                int b = in.read();
                assertThat(b).isNotNegative();
                seen.append((char) b);
            }
            assertThat(f.up.openConnections()).isEqualTo(1);
        }
        assertThat(f.awaitUpstreamIdle()).isZero();
        assertThat(Await.until(() -> f.metrics().contains("proxy_client_aborts_total 1"))).isTrue();
        assertThat(Await.until(() -> f.metrics().contains("proxy_requests_in_flight 0"))).isTrue();
    }

    @Test
    void fastStreamsAndJsonRequestsGetNoKeepAlive() throws Exception {
        f.up.script(Fault.ok(), Fault.ok().after(SLOW));
        assertThat(f.chat(true).body()).startsWith(": OPENROUTER PROCESSING\n\n");
        HttpResponse<String> json = f.chat(false);
        assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(answer(json)).isEqualTo("Faulty reply #2");
    }
}
