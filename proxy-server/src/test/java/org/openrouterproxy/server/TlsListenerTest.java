package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.openrouterproxy.server.mock.MockOptions;

import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientConfig;

/**
 * The listener serves HTTPS from a PKCS#12 keystore or from PEM files. The self-signed certificate is made at
 * test time with the JDK's keytool (nothing secret is committed).
 */
class TlsListenerTest {
    private static final String PASSWORD = "test-keystore-pass";
    @TempDir
    static Path dir;
    private static Path p12;
    private static Path certPem;
    private static Path keyPem;

    @BeforeAll
    static void makeCertificate() throws Exception {
        p12 = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "proxy", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore ks = keyStore();
        PrivateKey key = (PrivateKey) ks.getKey("proxy", PASSWORD.toCharArray());
        certPem = Files.writeString(dir.resolve("cert.pem"),
                pem("CERTIFICATE", ks.getCertificate("proxy").getEncoded()));
        keyPem = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
    }

    private static KeyStore keyStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static HttpClient trustingClient() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keyStore());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void unusableFilesFailStartWithOneLine() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key\n");
        ProxySettings s = ProxySettings.builder().port(0).upstreamKey(UPSTREAM_KEY)
                .guard(GuardSettings.defaults().withTls(TlsFiles.pem(certPem, garbage))).build();
        assertThatThrownBy(() -> ProxyServer.start(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS").hasMessageNotContaining("\n");
        ProxySettings wrongPass = ProxySettings.builder().port(0).upstreamKey(UPSTREAM_KEY)
                .guard(GuardSettings.defaults().withTls(TlsFiles.pkcs12(p12, "wrong-password"))).build();
        assertThatThrownBy(() -> ProxyServer.start(wrongPass)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PROXY_TLS_KEYSTORE_PASSWORD").hasMessageNotContaining("wrong-password");
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @CsvSource({"pkcs12,false", "pkcs12,true", "pem,false", "pem,true"})
    void servesHttpsFromKeystoreOrPem(String form, boolean stream) throws Exception {
        TlsFiles tls = form.equals("pem") ? TlsFiles.pem(certPem, keyPem) : TlsFiles.pkcs12(p12, PASSWORD);
        try (ProxyFixture f = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM_KEY)
                .clientKeys(List.of(CLIENT_KEY)).guard(GuardSettings.defaults().withTls(tls)))) {
            assertThat(f.proxy.baseUrl()).startsWith("https://127.0.0.1:");
            HttpClient https = trustingClient();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(f.proxy.baseUrl()
                            + "/v1/chat/completions")).header("Authorization", "Bearer " + CLIENT_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chat("openai/gpt-4o", "over tls", stream))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(ProxyFixture.answer(r.body())).isNotEmpty();
            // the keystore password is a secret: the printed configuration masks it
            assertThat(f.proxy.settings().describeMasked()).doesNotContain(PASSWORD);
        }
    }

    /** Upstream is HTTPS in production: the proxy's own connection pool does the TLS handshake and reuses it. */
    @Test
    void theUpstreamConnectionPoolSpeaksTlsAndReusesTheConnection() throws Exception {
        try (ProxyFixture f = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM_KEY)
                .guard(GuardSettings.defaults().withTls(TlsFiles.pkcs12(p12, PASSWORD))))) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(keyStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            Http1ClientConfig config = Http1Client.builder().tls(Tls.builder().sslContext(ctx).build())
                    .buildPrototype();
            Http1Client client = Http1Client.create(config);
            try (UpstreamConnections pool = new UpstreamConnections(config, URI.create(f.proxy.baseUrl()), 4)) {
                TcpClientConnection first = pool.borrow();
                try (HttpClientResponse r = client.get(f.proxy.baseUrl() + "/health").connection(first).request()) {
                    assertThat(r.status().code()).isEqualTo(200);
                    assertThat(r.as(String.class)).contains("UP");
                }
                TcpClientConnection second = pool.borrow();
                assertThat(second).isSameAs(first);
                try (HttpClientResponse r = client.get(f.proxy.baseUrl() + "/health").connection(second).request()) {
                    assertThat(r.status().code()).isEqualTo(200);
                }
            }
        }
    }
}
