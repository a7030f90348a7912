package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;
import static org.openrouterproxy.server.ProxyFixture.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Upstream JSON answers count against PROXY_MAX_BUFFERED_BYTES (1 MiB here), with and without a Content-Length:
 * one that fits is relayed whole; one that could never fit is a 502 JSON error; the reservation is given back.
 */
class BodyBudgetResponseTest {
    private static final int BUDGET = 1024 * 1024;
    private static BigAnswerUpstream up;
    private static ProxyServer proxy;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws IOException {
        up = new BigAnswerUpstream();
        proxy = ProxyServer.start(ProxySettings.builder().host("127.0.0.1").port(0).accessLog(false)
                .baseUrl("http://127.0.0.1:" + up.port() + "/api/v1").upstreamKey(UPSTREAM_KEY)
                .clientKeys(List.of(CLIENT_KEY)).retries(0).maxBufferedBytes(BUDGET).build());
    }

    @AfterAll
    static void stop() throws IOException {
        proxy.close();
        up.close();
    }

    @ParameterizedTest(name = "answer={0} bytes, chunked={1}")
    @CsvSource({"300000, false", "300000, true", "2000000, false", "2000000, true"})
    void upstreamAnswersAreMeteredAndGivenBack(int answerBytes, boolean chunked) throws Exception {
        up.answerBytes = answerBytes;
        up.chunked = chunked;
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(proxy.baseUrl()
                        + "/v1/chat/completions")).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + CLIENT_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chat("openai/gpt-4o", "hi", false))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answerBytes * 2L < BUDGET) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r.body()).at("/choices/0/message/content").asText()).hasSize(answerBytes);
        } else {
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(json(r.body()).at("/error/code").asText()).isEqualTo("upstream_body_too_large");
        }
        BodyBudget budget = proxy.components().guard().budget();
        assertThat(Eventually.holds(() -> budget.reserved() == 0, Duration.ofSeconds(10))).isTrue();
    }

    /** Answers every request with a JSON chat completion whose content is {@code answerBytes} long. */
    private static final class BigAnswerUpstream implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        volatile int answerBytes;
        volatile boolean chunked;

        BigAnswerUpstream() throws IOException {
            Thread.ofVirtual().start(this::acceptLoop);
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> answer(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void answer(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                s.setSoTimeout(10_000);
                String head = readHead(in);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                        .matcher(head);
                in.readNBytes(m.find() ? Integer.parseInt(m.group(1)) : 0);
                byte[] body = ("{\"id\":\"gen-1\",\"object\":\"chat.completion\",\"model\":\"openai/gpt-4o\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                        + "z".repeat(answerBytes) + "\"},\"finish_reason\":\"stop\"}]}")
                        .getBytes(StandardCharsets.US_ASCII);
                String framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length;
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n" + framing
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                if (chunked) {
                    out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // the proxy closed the connection early: fine for this upstream
            }
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            while (sb.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                sb.append((char) b);
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
