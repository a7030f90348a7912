package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.FaultFixture.streamedText;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.http1.Http1Client;

/**
 * The proxy's own pool of upstream connections and the timer-kept upstream deadlines that replace socket read
 * timeouts: connections are reused, closed when idle too long or when the pool closes, and a stream that keeps
 * talking is never cut by its idle limit however long it lasts in total.
 */
class UpstreamConnectionsTest {
    private static final String CHAT = "{\"model\":\"openai/gpt-4o\",\"stream\":%s,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}";

    @Test
    void sequentialRequestsThroughTheProxyShareOneUpstreamConnection() throws Exception {
        try (KeepAliveUpstream up = new KeepAliveUpstream(Duration.ofMillis(1));
             ProxyServer proxy = proxy(up, b -> b)) {
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> r = chat(proxy, i % 2 == 1);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            assertThat(up.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void aStreamThatKeepsSendingOutlivesItsIdleLimit() throws Exception {
        Duration idle = Duration.ofMillis(150);
        try (KeepAliveUpstream up = new KeepAliveUpstream(Duration.ofMillis(40));
             ProxyServer proxy = proxy(up, b -> b.streamIdleTimeout(idle).streamKeepAliveAfter(Duration.ofMinutes(1)))) {
            long start = System.nanoTime();
            HttpResponse<String> r = chat(proxy, true);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("the stream must outlast the idle limit for this test to mean anything")
                    .isGreaterThan(idle.multipliedBy(2));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).endsWith("data: [DONE]\n\n");
            assertThat(streamedText(r.body())).isEqualTo("0123456789");
        }
    }

    @Test
    void aConnectionIdleLongerThanTheLimitIsClosedByThePool() throws Exception {
        try (KeepAliveUpstream up = new KeepAliveUpstream(Duration.ZERO);
             UpstreamConnections pool = pool(up, Duration.ofMillis(200))) {
            get(pool, up);
            assertThat(pool.idleConnections()).isEqualTo(1);
            assertThat(up.awaitNoOpenConnection()).isZero();
            assertThat(pool.idleConnections()).isZero();
            get(pool, up);
            assertThat(up.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionUsedAgainSoonIsReusedWhetherOrNotItWasWatched() throws Exception {
        try (KeepAliveUpstream up = new KeepAliveUpstream(Duration.ZERO);
             UpstreamConnections pool = pool(up, Duration.ofSeconds(60))) {
            // pauses below and above the 20 ms after which an idle connection is watched for a close
            for (int pause : new int[] {0, 5, 60, 0, 120, 1}) {
                Thread.sleep(pause);
                get(pool, up);
            }
            assertThat(up.connectionCount()).isEqualTo(1);
            assertThat(up.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void aPooledConnectionClosedUnderneathIsDroppedAndTheSweeperCarriesOn() throws Exception {
        try (KeepAliveUpstream up = new KeepAliveUpstream(Duration.ZERO);
             UpstreamConnections pool = pool(up, Duration.ofMillis(400))) {
            TcpClientConnection broken = get(pool, up);
            broken.closeResource();
            assertThat(awaitIdle(pool, 0)).as("the closed connection leaves the pool").isZero();
            TcpClientConnection fresh = get(pool, up);
            assertThat(fresh).isNotSameAs(broken);
            assertThat(up.connectionCount()).isEqualTo(2);
            // the sweeper is still at work: the fresh connection is closed once idle too long
            assertThat(up.awaitNoOpenConnection()).isZero();
            assertThat(pool.idleConnections()).isZero();
        }
    }

    @Test
    void closingThePoolClosesItsIdleConnections() throws Exception {
        try (KeepAliveUpstream up = new KeepAliveUpstream(Duration.ZERO)) {
            UpstreamConnections pool = pool(up, Duration.ofSeconds(60));
            get(pool, up);
            assertThat(up.openConnections()).isEqualTo(1);
            pool.close();
            assertThat(up.awaitNoOpenConnection()).isZero();
        }
    }

    private static ProxyServer proxy(KeepAliveUpstream up, UnaryOperator<ProxySettings.Builder> settings) {
        return ProxyServer.start(settings.apply(ProxySettings.builder().host("127.0.0.1").port(0)
                .baseUrl(up.baseUrl()).upstreamKey("sk-or-pool-test").accessLog(false)).build());
    }

    private static HttpResponse<String> chat(ProxyServer proxy, boolean stream) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(stream))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static UpstreamConnections pool(KeepAliveUpstream up, Duration maxIdle) {
        return new UpstreamConnections(Http1Client.builder().buildPrototype(), URI.create(up.baseUrl()), 8,
                Duration.ofMillis(20), maxIdle);
    }

    /** One GET through the pool; returns the connection it used (back in the pool now). */
    private static TcpClientConnection get(UpstreamConnections pool, KeepAliveUpstream up) {
        TcpClientConnection c = pool.borrow();
        try (HttpClientResponse r = CLIENT.get(up.baseUrl() + "/models").connection(c).request()) {
            assertThat(r.status().code()).isEqualTo(200);
            assertThat(r.as(String.class)).contains("keepalive/model-1");
        }
        return c;
    }

    private static int awaitIdle(UpstreamConnections pool, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (pool.idleConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return pool.idleConnections();
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Http1Client CLIENT = Http1Client.create(Http1Client.builder().buildPrototype());
}
