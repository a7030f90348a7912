package org.openrouterproxy.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.openrouterproxy.server.mock.MockOpenRouter;
import org.openrouterproxy.server.mock.MockOptions;

/** A fake OpenRouter plus a proxy in front of it, on real loopback sockets, and a JDK HTTP client. */
final class ProxyFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String UPSTREAM_KEY = "sk-or-upstream-secret-0001";
    static final String CLIENT_KEY = "proxy-client-key-0001";

    final MockOpenRouter mock;
    final ProxyServer proxy;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ProxyFixture(MockOptions mockOptions, UnaryOperator<ProxySettings.Builder> settings) {
        this.mock = MockOpenRouter.start(mockOptions);
        ProxySettings.Builder b = ProxySettings.builder().host("127.0.0.1").port(0).baseUrl(mock.baseUrl())
                .accessLog(false);
        this.proxy = ProxyServer.start(settings.apply(b).build());
    }

    /** Mode 1: client keys required, upstream key configured. */
    static ProxyFixture withClientKeys() {
        return new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM_KEY)
                .clientKeys(java.util.List.of(CLIENT_KEY, "second-key")));
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(proxy.baseUrl() + path)).timeout(Duration.ofSeconds(20));
    }

    HttpResponse<String> post(String path, String body, String key) throws Exception {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = request(path).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String chat(String model, String text, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + JSON.valueToTree(text) + "}]}";
    }

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    /** The assistant's answer text of a JSON or SSE chat response body. */
    static String answer(String body) throws Exception {
        if (body.startsWith(":") || body.startsWith("data:")) {
            return streamedText(body);
        }
        return JSON.readTree(body).at("/choices/0/message/content").asText();
    }

    /** The concatenated delta contents of an SSE chat transcript. */
    static String streamedText(String sse) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String event : sse.split("\n\n")) {
            if (event.startsWith("data: {")) {
                JsonNode n = JSON.readTree(event.substring(6));
                sb.append(n.at("/choices/0/delta/content").asText(""));
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        proxy.close();
        mock.close();
    }
}
