package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.openrouterproxy.server.mock.MockOptions;

/** What goes upstream (client headers, key, attribution) and what comes back (generation id, lengths). */
class HeaderForwardingTest {
    private static ProxyFixture f;

    @BeforeAll
    static void start() {
        f = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM_KEY).clientKeys(List.of(CLIENT_KEY))
                .httpReferer("https://proxy.example").appTitle("Proxy Tests"));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private HttpRequest.Builder chatRequest(boolean stream) {
        return f.request("/v1/chat/completions").header("Authorization", "Bearer " + CLIENT_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chat("openai/gpt-4o", "headers", stream)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void clientHeadersGoUpstreamExceptAuthProxyControlsAndEncoding(boolean stream) throws Exception {
        HttpResponse<String> r = f.send(chatRequest(stream).header("X-Custom-Thing", "kept")
                .header("X-Proxy-Cache", "off").header("Accept-Encoding", "gzip").header("User-Agent", "tests/1.0"));
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, String> up = f.mock.lastRequestHeaders();
        assertThat(up).containsEntry("x-custom-thing", "kept").containsEntry("user-agent", "tests/1.0")
                .containsEntry("authorization", "Bearer " + UPSTREAM_KEY)
                .containsEntry("http-referer", "https://proxy.example")
                .containsEntry("x-openrouter-title", "Proxy Tests")
                .doesNotContainKey("x-proxy-cache");
        assertThat(up.getOrDefault("accept-encoding", "")).doesNotContain("gzip");
        assertThat(up.values()).noneMatch(v -> v.contains(CLIENT_KEY));
        assertThat(r.headers().firstValue("X-Generation-Id").orElse("")).startsWith("gen-");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void otherCredentialSpellingsAndClientIdentityNeverGoUpstream(boolean stream) throws Exception {
        HttpResponse<String> r = f.send(chatRequest(stream).header("X-Api-Key", CLIENT_KEY)
                .header("Api-Key", CLIENT_KEY).header("Cookie", "session=" + CLIENT_KEY)
                .header("X-Forwarded-For", "10.1.2.3").header("X-Real-IP", "10.1.2.3")
                .header("Forwarded", "for=10.1.2.3"));
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, String> up = f.mock.lastRequestHeaders();
        assertThat(up).doesNotContainKeys("x-api-key", "api-key", "cookie", "x-forwarded-for", "x-real-ip",
                "forwarded");
        assertThat(up.values()).noneMatch(v -> v.contains(CLIENT_KEY) || v.contains("10.1.2.3"));
    }

    @Test
    void clientsOwnAttributionHeadersWin() throws Exception {
        f.send(chatRequest(false).header("HTTP-Referer", "https://client.example")
                .header("X-OpenRouter-Title", "Client App"));
        assertThat(f.mock.lastRequestHeaders()).containsEntry("http-referer", "https://client.example")
                .containsEntry("x-openrouter-title", "Client App");
        f.send(chatRequest(false).header("X-Title", "Legacy Title"));
        assertThat(f.mock.lastRequestHeaders()).containsEntry("x-title", "Legacy Title")
                .doesNotContainKey("x-openrouter-title");
    }

    @Test
    void jsonAnswersKeepTheirContentLength() throws Exception {
        HttpResponse<byte[]> r = f.http.send(chatRequest(false).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.headers().firstValue("Content-Length")).contains(Integer.toString(r.body().length));
        assertThat(r.headers().firstValue("Transfer-Encoding")).isEmpty();
    }

    @Test
    void hopByHopHeadersAndHeadersNamedByConnectionStayHere() throws Exception {
        String body = chat("openai/gpt-4o", "raw", false);
        try (Socket s = new Socket("127.0.0.1", f.proxy.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + CLIENT_KEY + "\r\nConnection: keep-alive, X-Secret-Hop\r\n"
                    + "X-Secret-Hop: do-not-forward\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\nX-Other: yes\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 200");
        }
        Map<String, String> up = f.mock.lastRequestHeaders();
        assertThat(up).containsEntry("x-other", "yes").doesNotContainKey("x-secret-hop").doesNotContainKey("te")
                .doesNotContainKey("keep-alive");
        assertThat(up.get("host")).isNotEqualTo("localhost");
    }
}
