package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A client that leaves mid-stream makes the proxy abort its upstream request at once. */
class StreamAbortTest {
    private static ProxyFixture f;

    @BeforeAll
    static void start() {
        f = ProxyFixture.withClientKeys();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void clientDisconnectMidStreamClosesUpstreamStream() throws Exception {
        String body = ProxyFixture.chat("mock/slow", "long story", true);
        try (Socket s = new Socket("127.0.0.1", f.proxy.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + ProxyFixture.CLIENT_KEY + "\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buf = new byte[4096];
            while (!seen.toString().contains("chat.completion.chunk")) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            assertThat(seen.toString()).startsWith("HTTP/1.1 200");
            assertThat(f.mock.openStreams()).isEqualTo(1);
        }
        // mock/slow would stream for 30 s; the proxy must give up its upstream stream well before that
        assertThat(Await.until(() -> f.mock.openStreams() == 0)).isTrue();
        assertThat(Await.until(() -> f.proxy.components().metrics().render()
                .contains("proxy_client_aborts_total 1"))).isTrue();
    }
}
