package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.JSON;
import static org.openrouterproxy.server.ProxyFixture.json;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** End to end: markers injected for caching models, skipped otherwise, and the fake upstream reports the savings. */
class CacheInjectionTest {
    private static ProxyFixture f;

    @BeforeAll
    static void start() {
        f = ProxyFixture.withClientKeys();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static String conversation(String model, boolean stream, String system, String user) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.put("stream", stream);
        body.put("temperature", 0.25);
        var msgs = body.putArray("messages");
        msgs.addObject().put("role", "system").put("content", system);
        msgs.addObject().put("role", "user").put("content", user);
        return body.toString();
    }

    private static List<JsonNode> markers(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isObject()) {
            n.properties().forEach(e -> {
                if (e.getKey().equals("cache_control")) {
                    out.add(e.getValue());
                } else {
                    collect(e.getValue(), out);
                }
            });
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, out));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void cachingModelGetsExactlyOneMarkerOnTheLastTextPart(boolean stream) throws Exception {
        String sent = conversation("anthropic/claude-sonnet-4.5", stream, "be brief", "inject me");
        HttpResponse<String> r = f.post("/v1/chat/completions", sent, CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Proxy-Cache-Control")).contains("injected");
        JsonNode upstream = JSON.readTree(f.mock.lastRequestBody());
        assertThat(markers(upstream)).hasSize(1);
        JsonNode last = upstream.at("/messages/1/content");
        assertThat(last.isArray()).isTrue();
        assertThat(last.get(last.size() - 1).path("text").asText()).isEqualTo("inject me");
        assertThat(last.get(last.size() - 1).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(upstream.at("/messages/0/content").asText()).isEqualTo("be brief");
        assertThat(upstream.path("temperature").asDouble()).isEqualTo(0.25);
        assertThat(ProxyFixture.answer(r.body())).isEqualTo("Mock reply to: inject me");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void nonCachingModelAndOptOutHeaderPassBytesUnchanged(boolean stream) throws Exception {
        String sent = conversation("openai/gpt-4o", stream, "sys", "plain");
        HttpResponse<String> r = f.post("/v1/chat/completions", sent, CLIENT_KEY);
        assertThat(r.headers().firstValue("X-Proxy-Cache-Control")).contains("skipped");
        assertThat(new String(f.mock.lastRequestBody(), StandardCharsets.UTF_8)).isEqualTo(sent);

        String anthropic = conversation("anthropic/claude-sonnet-4.5", stream, "sys", "opt out");
        HttpResponse<String> off = f.send(f.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + CLIENT_KEY).header("X-Proxy-Cache", "off")
                .POST(HttpRequest.BodyPublishers.ofString(anthropic)));
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(off.headers().firstValue("X-Proxy-Cache-Control")).contains("skipped");
        assertThat(new String(f.mock.lastRequestBody(), StandardCharsets.UTF_8)).isEqualTo(anthropic);
        assertThat(f.mock.lastRequestHeaders()).doesNotContainKey("x-proxy-cache");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void repeatedLongPromptShowsUpAsCachedTokens(boolean stream) throws Exception {
        String system = (stream ? "streamed " : "plain ") + "policy text ".repeat(1000);
        String first = conversation("anthropic/claude-sonnet-4.5", stream, system, "question one");
        f.post("/v1/chat/completions", first, CLIENT_KEY);
        // the next turn repeats the whole previous prompt as its prefix
        ObjectNode second = (ObjectNode) JSON.readTree(first);
        var msgs = second.withArray("messages");
        msgs.addObject().put("role", "assistant").put("content", "Mock reply to: question one");
        msgs.addObject().put("role", "user").put("content", "question two");
        HttpResponse<String> r = f.post("/v1/chat/completions", second.toString(), CLIENT_KEY);
        JsonNode usage = usage(r.body());
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").asInt()).isGreaterThan(2000);
        assertThat(f.proxy.components().metrics().render())
                .containsPattern("proxy_tokens_total\\{kind=\"cached\"} [1-9]");
        assertThat(f.proxy.components().metrics().render()).containsPattern("proxy_cache_markers_injected_total [1-9]");
    }

    private static JsonNode usage(String body) throws Exception {
        if (!body.startsWith(":") && !body.startsWith("data:")) {
            return json(body).path("usage");
        }
        JsonNode found = null;
        for (String e : body.split("\n\n")) {
            if (e.startsWith("data: {") && e.contains("\"usage\"")) {
                found = json(e.substring(6)).path("usage");
            }
        }
        return found;
    }
}
