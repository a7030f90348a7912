package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.openrouterproxy.server.mock.MockOptions;

/** CORS is off by default; with PROXY_CORS_ORIGINS only the listed origins get Access-Control-Allow-Origin. */
class CorsTest {
    private static final String ALLOWED = "https://app.example.com";

    private static ProxyFixture proxy(List<String> origins) {
        return new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM_KEY).clientKeys(List.of(CLIENT_KEY))
                .guard(GuardSettings.defaults().withCorsOrigins(origins)));
    }

    private static HttpResponse<String> preflight(ProxyFixture f, String origin) throws Exception {
        return f.send(f.request("/v1/chat/completions").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type"));
    }

    private static HttpResponse<String> chatFrom(ProxyFixture f, String origin, boolean stream) throws Exception {
        return f.send(f.request("/v1/chat/completions").header("Origin", origin)
                .header("Authorization", "Bearer " + CLIENT_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chat("openai/gpt-4o", "hi", stream))));
    }

    @Test
    void offByDefault() throws Exception {
        try (ProxyFixture f = proxy(List.of())) {
            HttpResponse<String> pre = preflight(f, ALLOWED);
            assertThat(pre.statusCode()).isEqualTo(405);
            assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            HttpResponse<String> r = chatFrom(f, ALLOWED, false);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void allowedOriginGetsHeadersOthersDoNot(boolean stream) throws Exception {
        try (ProxyFixture f = proxy(List.of(ALLOWED, "http://localhost:3000"))) {
            HttpResponse<String> pre = preflight(f, ALLOWED);
            assertThat(pre.statusCode()).isEqualTo(204);
            assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
            assertThat(pre.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
            assertThat(pre.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                    .contains("authorization");

            HttpResponse<String> foreignPre = preflight(f, "https://evil.example.net");
            assertThat(foreignPre.statusCode()).isEqualTo(403);
            assertThat(foreignPre.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

            HttpResponse<String> ok = chatFrom(f, ALLOWED, stream);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
            assertThat(ok.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("X-Request-Id");

            HttpResponse<String> foreign = chatFrom(f, "https://evil.example.net", stream);
            assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void wildcardAllowsAnyOrigin() throws Exception {
        try (ProxyFixture f = proxy(List.of("*"))) {
            assertThat(preflight(f, "https://any.example.org").headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue("https://any.example.org");
        }
    }
}
