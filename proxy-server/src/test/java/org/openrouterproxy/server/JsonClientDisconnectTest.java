package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.openrouterproxy.server.mock.Fault;

/**
 * A client that leaves while a non-stream request waits for upstream makes the proxy close that upstream call
 * (the stalled fake upstream sees its connection closed), while clients that stay (keep-alive, pipelining) are
 * served as before. Most tests watch at once ({@code PROXY_CLIENT_WATCH_AFTER=0}); the default (1 s) arms the
 * watch only for requests still waiting then, so fast requests start no watch at all.
 */
class JsonClientDisconnectTest {
    private static final String BODY = "{\"model\":\"openai/gpt-4o\",\"stream\":false,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private FaultFixture f;

    @BeforeEach
    void start() {
        f = new FaultFixture(b -> b.responseTimeout(Duration.ofMinutes(2)).clientWatchAfter(Duration.ZERO));
    }

    private void restartWithDefaultWatchDelay() {
        f.close();
        f = new FaultFixture(b -> b.responseTimeout(Duration.ofMinutes(2)));
        assertThat(f.proxy.settings().resilience().clientWatchAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void clientLeavingBeforeUpstreamHeadersClosesTheUpstreamCall() throws Exception {
        f.up.script(Fault.of(Fault.Kind.STALL_BEFORE_HEADERS));
        sendThenLeave();
        assertThat(f.awaitUpstreamIdle()).isZero();
        assertThat(Await.until(() -> f.metrics().contains("proxy_client_aborts_total 1"))).isTrue();
        assertThat(Await.until(() -> f.metrics().contains("proxy_requests_in_flight 0"))).isTrue();
        // recorded as 499 "client closed request"
        assertThat(f.metrics()).contains("proxy_requests_total{route=\"chat\",status=\"4xx\"} 1");
    }

    @Test
    void clientLeavingWhileUpstreamBodyIsStalledClosesTheUpstreamCall() throws Exception {
        f.up.script(Fault.of(Fault.Kind.STALL_MID_STREAM));
        sendThenLeave();
        assertThat(f.awaitUpstreamIdle()).isZero();
        assertThat(Await.until(() -> f.metrics().contains("proxy_client_aborts_total 1"))).isTrue();
        assertThat(Await.until(() -> f.metrics().contains("proxy_requests_in_flight 0"))).isTrue();
        // recorded as 499 "client closed request"
        assertThat(f.metrics()).contains("proxy_requests_total{route=\"chat\",status=\"4xx\"} 1");
    }

    @Test
    void withTheDefaultDelayAClientLeavingBeforeItIsStillNoticedOnceTheWatchArms() throws Exception {
        restartWithDefaultWatchDelay();
        f.up.script(Fault.of(Fault.Kind.STALL_BEFORE_HEADERS));
        sendThenLeave(); // leaves after ~300 ms, before the 1 s delay is over
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (f.up.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(f.up.openConnections()).isZero();
        assertThat(Await.until(() -> f.metrics().contains("proxy_client_aborts_total 1"))).isTrue();
        assertThat(Await.until(() -> f.metrics().contains("proxy_requests_in_flight 0"))).isTrue();
        assertThat(f.metrics()).contains("proxy_requests_total{route=\"chat\",status=\"4xx\"} 1");
        assertThat(f.proxy.components().clients().watchesStarted()).isEqualTo(1);
    }

    @Test
    void withTheDefaultDelayFastRequestsStartNoWatch() throws Exception {
        restartWithDefaultWatchDelay();
        assertThat(answerOnOneConnection(20)).isEqualTo(20);
        assertThat(f.proxy.components().clients().watchesStarted()).isZero();
        assertThat(f.metrics()).contains("proxy_client_aborts_total 0");
    }

    @Test
    void watchingAtOnceStartsAWatchForEveryRequest() throws Exception {
        // the control of the test above: the counter does count
        assertThat(answerOnOneConnection(5)).isEqualTo(5);
        assertThat(f.proxy.components().clients().watchesStarted()).isEqualTo(5);
        assertThat(f.metrics()).contains("proxy_client_aborts_total 0");
    }

    @Test
    void pipelinedJsonRequestsOnOneConnectionAreAllAnswered() throws Exception {
        f.up.script(Fault.ok(), Fault.ok(), Fault.ok());
        byte[] one = request();
        byte[] both = new byte[one.length * 2];
        System.arraycopy(one, 0, both, 0, one.length);
        System.arraycopy(one, 0, both, one.length, one.length);
        try (Socket s = new Socket("127.0.0.1", f.proxy.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(both);
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
            // the same connection stays usable for a request sent after the answers
            out.write(one);
            out.flush();
            String third = readResponse(in);
            assertThat(third).startsWith("HTTP/1.1 200");
            assertThat(FaultFixture.JSON.readTree(RawClient.body(third)).at("/choices/0/message/content").asText())
                    .startsWith("Faulty reply");
        }
        assertThat(f.metrics()).contains("proxy_client_aborts_total 0");
    }

    /** Sends {@code n} requests one after the other on one keep-alive connection; returns how many got a 200. */
    private int answerOnOneConnection(int n) throws Exception {
        Fault[] oks = new Fault[n];
        Arrays.fill(oks, Fault.ok());
        f.up.script(oks);
        int ok = 0;
        try (Socket s = new Socket("127.0.0.1", f.proxy.port())) {
            s.setSoTimeout(10_000);
            for (int i = 0; i < n; i++) {
                s.getOutputStream().write(request());
                s.getOutputStream().flush();
                if (readResponse(s.getInputStream()).startsWith("HTTP/1.1 200")) {
                    ok++;
                }
            }
        }
        return ok;
    }

    private void sendThenLeave() throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.proxy.port())) {
            s.getOutputStream().write(request());
            s.getOutputStream().flush();
            assertThat(Await.until(() -> f.up.requestCount() == 1)).isTrue();
            Thread.sleep(300);
            assertThat(f.up.openConnections()).isEqualTo(1);
        }
    }

    private static byte[] request() {
        return ("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one response with a Content-Length body, byte by byte so that nothing of the next one is consumed. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).isNotNegative();
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        assertThat(body).hasSize(length);
        return head + new String(body, StandardCharsets.UTF_8);
    }
}
