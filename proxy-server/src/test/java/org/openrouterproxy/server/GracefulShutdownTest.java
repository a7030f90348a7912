package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.openrouterproxy.server.mock.MockOptions;

/**
 * {@link ProxyServer#shutdown}: readiness DOWN and new requests refused at once, a running stream finishes within
 * the grace period; past it, a stream still running ends with an error event and its upstream call is closed.
 */
class GracefulShutdownTest {

    private static ProxyFixture proxy(MockOptions mock) {
        return new ProxyFixture(mock, b -> b.upstreamKey(UPSTREAM_KEY).clientKeys(List.of(CLIENT_KEY)));
    }

    @Test
    void drainsRunningStreamWithinGraceAndRefusesNewWork() throws Exception {
        // 40 chunks 50 ms apart: the stream runs about 2 s, well inside a 20 s grace period
        try (ProxyFixture f = proxy(MockOptions.defaults().withChunks(40).withChunkInterval(Duration.ofMillis(50)));
             RawClient stream = new RawClient(f.proxy.port())) {
            stream.send(RawClient.post("/v1/chat/completions", CLIENT_KEY, chat("anthropic/claude", "story", true)));
            assertThat(stream.readUntil("chat.completion.chunk")).startsWith("HTTP/1.1 200");
            CompletableFuture<Void> down = CompletableFuture.runAsync(() -> f.proxy.shutdown(Duration.ofSeconds(20)));
            assertThat(Eventually.holds(() -> f.proxy.components().guard().inFlight().draining(),
                    Duration.ofSeconds(5))).isTrue();

            try (RawClient ready = new RawClient(f.proxy.port())) {
                String r = ready.send("GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n").readResponse();
                assertThat(r).startsWith("HTTP/1.1 503");
                assertThat(RawClient.body(r)).contains("\"DOWN\"");
            }
            try (RawClient late = new RawClient(f.proxy.port())) {
                String r = late.send(RawClient.post("/v1/chat/completions", CLIENT_KEY,
                        chat("anthropic/claude", "late", false))).readResponse();
                assertThat(r).startsWith("HTTP/1.1 503");
                assertThat(r).containsIgnoringCase("Retry-After: 1");
                assertThat(RawClient.body(r)).contains("shutting_down");
            }

            String all = stream.readUntil("data: [DONE]");
            assertThat(all).contains("data: [DONE]").doesNotContain("\"error\"");
            down.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(f.proxy.components().guard().inFlight().running()).isZero();
        }
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void requestStillWaitingForUpstreamAfterGraceGets503(boolean stream) throws Exception {
        try (ProxyFixture f = proxy(MockOptions.defaults());
             RawClient waiting = new RawClient(f.proxy.port())) {
            // upstream sends nothing for 30 s; the grace period is 300 ms
            waiting.send(RawClient.post("/v1/chat/completions", CLIENT_KEY, chat("mock/sleep-30000", "x", stream)));
            assertThat(Eventually.holds(() -> f.proxy.components().guard().inFlight().running() == 1,
                    Duration.ofSeconds(5))).isTrue();
            CompletableFuture<Void> down = CompletableFuture.runAsync(() -> f.proxy.shutdown(Duration.ofMillis(300)));
            String r = waiting.readResponse();
            assertThat(r).startsWith("HTTP/1.1 503");
            assertThat(RawClient.body(r)).contains("shutting_down");
            down.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(f.proxy.components().guard().inFlight().running()).isZero();
        }
    }

    @Test
    void streamStillRunningAfterGraceEndsWithErrorEvent() throws Exception {
        try (ProxyFixture f = proxy(MockOptions.defaults());
             RawClient stream = new RawClient(f.proxy.port())) {
            // mock/slow streams for 30 s; the grace period is 300 ms
            stream.send(RawClient.post("/v1/chat/completions", CLIENT_KEY, chat("mock/slow", "story", true)));
            assertThat(stream.readUntil("chat.completion.chunk")).startsWith("HTTP/1.1 200");
            CompletableFuture<Void> down = CompletableFuture.runAsync(() -> f.proxy.shutdown(Duration.ofMillis(300)));
            String all = stream.readToEnd();
            assertThat(all).contains("\"error\"").contains("shutting_down").doesNotContain("data: [DONE]");
            down.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(Eventually.holds(() -> f.mock.openStreams() == 0, Duration.ofSeconds(10))).isTrue();
            assertThat(f.proxy.components().guard().inFlight().running()).isZero();
        }
    }
}
