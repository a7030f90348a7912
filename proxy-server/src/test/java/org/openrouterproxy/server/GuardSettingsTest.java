package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard keys load through the normal precedence, validate with one-line messages and print masked. */
class GuardSettingsTest {
    @TempDir
    Path dir;

    private ProxySettings load(Map<String, String> env) {
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("OPENROUTER_API_KEY", "sk-or-settings-test-0005");
        return ProxySettings.load(Map.of(), e, dir);
    }

    @Test
    void defaults() {
        GuardSettings g = load(Map.of()).guard();
        assertThat(g).isEqualTo(GuardSettings.defaults());
        assertThat(g.maxConcurrent()).isEqualTo(1024);
        assertThat(g.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(g.corsOrigins()).isEmpty();
        assertThat(g.tls()).isNull();
    }

    @Test
    void everyKeyFromTheEnvironment() throws Exception {
        Path p12 = Files.writeString(dir.resolve("k.p12"), "not really a keystore");
        GuardSettings g = load(Map.of("PROXY_MAX_CONCURRENT", "64", "PROXY_RATE_LIMIT_RPM", "120",
                "PROXY_RATE_LIMITS", "key-0a1b2c3d:600,ip-10.1.2.3:0", "PROXY_MAX_HEADER_BYTES", "32k",
                "PROXY_BODY_READ_TIMEOUT", "15s", "PROXY_SHUTDOWN_GRACE", "1m", "PROXY_TLS_KEYSTORE", p12.toString(),
                "PROXY_TLS_KEYSTORE_PASSWORD", "hunter2-keystore",
                "PROXY_CORS_ORIGINS", "https://a.example, https://b.example",
                "PROXY_ACCESS_LOG", "json")).guard();
        assertThat(g.maxConcurrent()).isEqualTo(64);
        assertThat(g.rpmFor("key-0a1b2c3d")).isEqualTo(600);
        assertThat(g.rpmFor("ip-10.1.2.3")).isZero();
        assertThat(g.rpmFor("key-ffffffff")).isEqualTo(120);
        assertThat(g.maxHeaderBytes()).isEqualTo(32 * 1024);
        assertThat(g.bodyReadTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(g.shutdownGrace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(g.tls().keystore()).isEqualTo(p12);
        assertThat(g.corsOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(g.accessLogFormat()).isEqualTo(GuardSettings.AccessLogFormat.JSON);
        ProxySettings s = load(Map.of("PROXY_TLS_KEYSTORE", p12.toString(), "PROXY_TLS_KEYSTORE_PASSWORD",
                "hunter2-keystore"));
        assertThat(s.describeMasked()).contains("PROXY_MAX_CONCURRENT").contains("PKCS#12")
                .doesNotContain("hunter2-keystore");
    }

    @Test
    void accessLogStillAcceptsBooleans() {
        assertThat(load(Map.of("PROXY_ACCESS_LOG", "false")).accessLog()).isFalse();
        assertThat(load(Map.of("PROXY_ACCESS_LOG", "true")).guard().accessLogFormat())
                .isEqualTo(GuardSettings.AccessLogFormat.PLAIN);
        assertThat(load(Map.of("PROXY_ACCESS_LOG", "off")).accessLog()).isFalse();
    }

    @Test
    void yamlAcceptsTheGuardKeys() throws Exception {
        Files.writeString(dir.resolve("proxy.yaml"), "PROXY_MAX_CONCURRENT: 7\nPROXY_SHUTDOWN_GRACE: 5s\n");
        ProxySettings s = ProxySettings.load(Map.of("config", "proxy.yaml"),
                Map.of("OPENROUTER_API_KEY", "sk-or-settings-test-0005"), dir);
        assertThat(s.guard().maxConcurrent()).isEqualTo(7);
        assertThat(s.guard().shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void invalidValuesGiveOneLineMessages() {
        assertThatThrownBy(() -> load(Map.of("PROXY_MAX_CONCURRENT", "-1")))
                .hasMessageContaining("PROXY_MAX_CONCURRENT");
        assertThatThrownBy(() -> load(Map.of("PROXY_RATE_LIMIT_RPM", "fast")))
                .hasMessageContaining("PROXY_RATE_LIMIT_RPM");
        assertThatThrownBy(() -> load(Map.of("PROXY_TLS_CERT", dir.resolve("missing.pem").toString())))
                .hasMessageContaining("PROXY_TLS_KEY");
        assertThatThrownBy(() -> load(Map.of("PROXY_TLS_CERT", "a.pem", "PROXY_TLS_KEY", "b.pem")))
                .hasMessageContaining("not readable");
        assertThatThrownBy(() -> load(Map.of("PROXY_ACCESS_LOG", "xml"))).hasMessageContaining("plain, json or off");
        assertThatThrownBy(() -> load(Map.of("PROXY_MAX_HEADER_BYTES", "10")))
                .hasMessageContaining("PROXY_MAX_HEADER_BYTES");
        assertThatThrownBy(() -> load(Map.of("PROXY_BODY_READ_TIMEOUT", "0s")))
                .hasMessageContaining("PROXY_BODY_READ_TIMEOUT");
    }
}
