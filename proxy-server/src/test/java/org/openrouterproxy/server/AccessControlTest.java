package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;
import static org.openrouterproxy.server.ProxyFixture.json;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.openrouterproxy.server.mock.MockOptions;

/** The three access modes of issue 2, each for JSON and streaming requests. */
class AccessControlTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void clientKeysModeRequiresAKeyAndSendsOnlyTheUpstreamKey(boolean stream) throws Exception {
        try (ProxyFixture f = ProxyFixture.withClientKeys()) {
            HttpResponse<String> none = f.post("/v1/chat/completions", chat("openai/gpt-4o", "x", stream), null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(json(none.body()).at("/error/type").asText()).isEqualTo("authentication_error");
            HttpResponse<String> wrong = f.post("/v1/chat/completions", chat("openai/gpt-4o", "x", stream), "nope");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("nope");
            assertThat(f.mock.requestCount()).isZero();

            HttpResponse<String> ok = f.post("/v1/chat/completions", chat("openai/gpt-4o", "mode one", stream),
                    CLIENT_KEY);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ProxyFixture.answer(ok.body())).isEqualTo("Mock reply to: mode one");
            assertThat(f.mock.lastRequestHeaders().get("authorization")).isEqualTo("Bearer " + UPSTREAM_KEY);
            assertThat(f.mock.lastRequestHeaders().values()).noneMatch(v -> v.contains(CLIENT_KEY));
            assertThat(f.post("/v1/chat/completions", chat("openai/gpt-4o", "y", stream), "second-key").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void bearerSchemeIsCaseInsensitiveAndModelsNeedAKeyToo() throws Exception {
        try (ProxyFixture f = ProxyFixture.withClientKeys()) {
            HttpResponse<String> r = f.send(f.request("/v1/chat/completions")
                    .header("Authorization", "bearer " + CLIENT_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(chat("openai/gpt-4o", "x", false))));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(f.get("/v1/models", null).statusCode()).isEqualTo(401);
            assertThat(f.get("/v1/models", CLIENT_KEY).statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void passThroughModeForwardsTheClientsOwnKey(boolean stream) throws Exception {
        try (ProxyFixture f = new ProxyFixture(MockOptions.defaults(), b -> b)) {
            assertThat(f.proxy.settings().accessMode()).isEqualTo(ProxySettings.AccessMode.PASS_THROUGH);
            HttpResponse<String> none = f.post("/v1/chat/completions", chat("openai/gpt-4o", "x", stream), null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(json(none.body()).at("/error/message").asText()).contains("Authorization: Bearer");
            HttpResponse<String> ok = f.post("/v1/chat/completions", chat("openai/gpt-4o", "byok", stream),
                    "sk-or-users-own-key");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(f.mock.lastRequestHeaders().get("authorization")).isEqualTo("Bearer sk-or-users-own-key");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anonymousModeOnLoopbackUsesTheUpstreamKeyForAnyone(boolean stream) throws Exception {
        try (ProxyFixture f = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM_KEY))) {
            assertThat(f.proxy.settings().accessMode()).isEqualTo(ProxySettings.AccessMode.ANONYMOUS);
            assertThat(f.post("/v1/chat/completions", chat("openai/gpt-4o", "anon", stream), null).statusCode())
                    .isEqualTo(200);
            assertThat(f.mock.lastRequestHeaders().get("authorization")).isEqualTo("Bearer " + UPSTREAM_KEY);
            assertThat(f.post("/v1/chat/completions", chat("openai/gpt-4o", "anon", stream), "sk-whatever")
                    .statusCode()).isEqualTo(200);
            assertThat(f.mock.lastRequestHeaders().get("authorization")).isEqualTo("Bearer " + UPSTREAM_KEY);
        }
    }

    @Test
    void refusesToServeTheUpstreamKeyAnonymouslyOnANonLoopbackBind() {
        assertThatThrownBy(() -> ProxySettings.builder().host("0.0.0.0").upstreamKey(UPSTREAM_KEY).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PROXY_API_KEYS")
                .hasMessageNotContaining(UPSTREAM_KEY)
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ProxyServer.start(ProxySettings.builder().host("0.0.0.0").port(0)
                .upstreamKey(UPSTREAM_KEY).build())).hasMessageContaining("PROXY_API_KEYS");
        assertThat(ProxySettings.builder().host("0.0.0.0").upstreamKey(UPSTREAM_KEY).allowAnonymous(true).build()
                .describeMasked()).contains("ANONYMOUS ACCESS ALLOWED");
        assertThat(ProxySettings.builder().host("0.0.0.0").upstreamKey(UPSTREAM_KEY).clientKeys(List.of("k")).build()
                .accessMode()).isEqualTo(ProxySettings.AccessMode.CLIENT_KEYS);
        assertThat(ProxySettings.builder().host("0.0.0.0").build().accessMode())
                .isEqualTo(ProxySettings.AccessMode.PASS_THROUGH);
        assertThat(ProxySettings.builder().host("localhost").upstreamKey(UPSTREAM_KEY).build().accessMode())
                .isEqualTo(ProxySettings.AccessMode.ANONYMOUS);
    }

    @Test
    void clientKeysWithoutAnUpstreamKeyAreRejected() {
        assertThatThrownBy(() -> ProxySettings.builder().clientKeys(List.of("k")).build())
                .hasMessageContaining("OPENROUTER_API_KEY");
    }
}
