package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.FaultFixture.answer;
import static org.openrouterproxy.server.FaultFixture.jsonError;
import static org.openrouterproxy.server.FaultFixture.streamedText;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openrouterproxy.server.mock.Fault;

/** Retries: which upstream failures are tried again, how often, how long apart, and which never are. */
class UpstreamRetryTest {
    private FaultFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void rateLimitedThenAnsweredIsRetriedAndCounted() throws Exception {
        f = new FaultFixture();
        f.up.script(Fault.status(429), Fault.ok());
        HttpResponse<String> r = f.chat(false);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(answer(r)).isEqualTo("Faulty reply #2");
        assertThat(f.up.requestCount()).isEqualTo(2);
        assertThat(f.metrics()).contains("proxy_upstream_retries_total{reason=\"429\"} 1");
    }

    @Test
    void rateLimitedThenAnsweredIsRetriedForAStreamToo() throws Exception {
        f = new FaultFixture();
        f.up.script(Fault.status(429), Fault.ok());
        HttpResponse<String> r = f.chat(true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(streamedText(r.body())).isEqualTo("Faulty reply #2");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        assertThat(f.up.requestCount()).isEqualTo(2);
    }

    @Test
    void badGatewayAndOverloadedAreRetriedUpToTheLimit() throws Exception {
        f = new FaultFixture();
        f.up.script(Fault.status(502), Fault.status(529), Fault.ok());
        HttpResponse<String> r = f.chat(false);
        assertThat(answer(r)).isEqualTo("Faulty reply #3");
        assertThat(f.metrics()).contains("proxy_upstream_retries_total{reason=\"502\"} 1")
                .contains("proxy_upstream_retries_total{reason=\"529\"} 1");
    }

    @Test
    void afterTheLastRetryUpstreamsAnswerIsRelayed() throws Exception {
        f = new FaultFixture();
        f.up.script(Fault.status(503), Fault.status(503), Fault.status(503).retryAfter("7"), Fault.ok());
        HttpResponse<String> r = f.chat(true);
        assertThat(jsonError(r, 503).path("code").asInt()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("7");
        assertThat(f.up.requestCount()).isEqualTo(3);
        assertThat(f.up.pendingFaults()).isEqualTo(1);
    }

    @Test
    void aPooledConnectionThatUpstreamClosedWhileIdleIsNotAFailure() throws Exception {
        f = new FaultFixture();
        f.up.script(Fault.of(Fault.Kind.OK_THEN_IDLE_CLOSE), Fault.ok(), Fault.ok());
        assertThat(answer(f.chat(false))).isEqualTo("Faulty reply #1");
        assertThat(f.awaitUpstreamIdle()).isZero();
        HttpResponse<String> second = f.chat(false);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(answer(second)).isEqualTo("Faulty reply #2");
    }

    @Test
    void theModelsListIsRetriedToo() throws Exception {
        f = new FaultFixture();
        f.up.script(Fault.status(503), Fault.ok());
        HttpResponse<String> r = f.http.send(HttpRequest.newBuilder(URI.create(f.proxy.baseUrl() + "/v1/models"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(FaultFixture.JSON.readTree(r.body()).at("/data/0/id").asText()).isEqualTo("faulty/model-1");
        assertThat(f.up.requestCount()).isEqualTo(2);
    }

    @Test
    void retryAfterSecondsIsHonoured() throws Exception {
        f = new FaultFixture();
        f.up.script(Fault.status(503).retryAfter("1"), Fault.ok());
        assertThat(f.chat(false).statusCode()).isEqualTo(200);
        List<Long> t = f.up.requestTimes();
        assertThat(t).hasSize(2);
        assertThat(Duration.ofNanos(t.get(1) - t.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void retryAfterHttpDateIsHonoured() throws Exception {
        f = new FaultFixture();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
        f.up.script(Fault.status(429).retryAfter(date), Fault.ok());
        assertThat(f.chat(true).statusCode()).isEqualTo(200);
        List<Long> t = f.up.requestTimes();
        assertThat(Duration.ofNanos(t.get(1) - t.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void retryAfterBeyondTheCapIsPassedToTheClientInsteadOfWaited() throws Exception {
        f = new FaultFixture(b -> b.retryAfterCap(Duration.ofSeconds(5)));
        f.up.script(Fault.status(429).retryAfter("120"), Fault.ok());
        HttpResponse<String> r = f.chat(false);
        jsonError(r, 429);
        assertThat(r.headers().firstValue("Retry-After")).contains("120");
        assertThat(f.up.requestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 402, 403, 404, 413, 422, 500})
    void clientErrorsAndInternalErrorsAreNeverRetried(int status) throws Exception {
        f = new FaultFixture();
        f.up.script(Fault.status(status), Fault.status(status), Fault.ok(), Fault.ok());
        jsonError(f.chat(false), status);
        jsonError(f.chat(true), status);
        assertThat(f.up.requestCount()).isEqualTo(2);
        assertThat(f.up.pendingFaults()).isEqualTo(2);
        assertThat(f.metrics()).doesNotContain("proxy_upstream_retries_total{");
    }

    @Test
    void noRetriesWhenConfiguredOff() throws Exception {
        f = new FaultFixture(b -> b.retries(0));
        f.up.script(Fault.status(429), Fault.ok());
        jsonError(f.chat(false), 429);
        assertThat(f.up.requestCount()).isEqualTo(1);
    }

    @Test
    void refusedConnectionsAreRetriedThenReported() throws Exception {
        int closedPort;
        try (ServerSocket ss = new ServerSocket(0)) {
            closedPort = ss.getLocalPort();
        }
        f = new FaultFixture(b -> b.baseUrl("http://127.0.0.1:" + closedPort + "/api/v1"));
        assertThat(jsonError(f.chat(false), 502).path("code").asText()).isEqualTo("upstream_unreachable");
        jsonError(f.chat(true), 502);
        assertThat(f.metrics()).contains("proxy_upstream_retries_total{reason=\"connect\"} 4");
    }

    @Test
    void connectTimeoutsAreRetriedThenReportedAs504() throws Exception {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = fillAcceptQueue(full.getLocalPort());
            try {
                f = new FaultFixture(b -> b.baseUrl("http://127.0.0.1:" + full.getLocalPort() + "/api/v1")
                        .connectTimeout(Duration.ofMillis(300)).retries(1));
                assertThat(jsonError(f.chat(false), 504).path("code").asText()).isEqualTo("upstream_timeout");
                assertThat(f.metrics()).contains("proxy_upstream_retries_total{reason=\"connect\"} 1");
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    /** Connects until the listener's accept queue is full, so that further connects hang (SYNs are dropped). */
    private static List<Socket> fillAcceptQueue(int port) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                sockets.add(s);
            } catch (java.net.SocketTimeoutException e) {
                s.close();
                return sockets;
            }
        }
        Assumptions.abort("could not fill the accept queue on this system");
        return sockets;
    }

    @ParameterizedTest
    @ValueSource(strings = {"CLOSE_AFTER_REQUEST", "RESET_BEFORE_HEADERS", "GARBAGE"})
    void failuresAfterUpstreamReadTheRequestAreNotRetried(String kind) throws Exception {
        f = new FaultFixture();
        Fault fault = Fault.of(Fault.Kind.valueOf(kind));
        f.up.script(fault, fault, Fault.ok(), Fault.ok());
        jsonError(f.chat(false), 502);
        jsonError(f.chat(true), 502);
        assertThat(f.up.requestCount()).isEqualTo(2);
        assertThat(f.up.pendingFaults()).isEqualTo(2);
    }
}
