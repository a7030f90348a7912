package org.openrouterproxy.server.mock;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A fake OpenRouter on a real socket: {@code POST /api/v1/chat/completions} (JSON and SSE in OpenRouter's format),
 * {@code GET /api/v1/models}, {@code POST /api/v1/embeddings}, {@code /responses} and {@code /completions}.
 * It records the last request for tests and counts open streams so tests can see aborted upstream requests.
 *
 * <pre>{@code
 * try (MockOpenRouter mock = MockOpenRouter.start(MockOptions.defaults())) {
 *     // point OPENROUTER_BASE_URL at mock.baseUrl()
 * }
 * }</pre>
 */
public final class MockOpenRouter implements AutoCloseable {
    static final HeaderName GENERATION_ID = HeaderNames.create("X-Generation-Id");
    private static final String API = "/api/v1";

    private final MockOptions options;
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicLong requestCount = new AtomicLong();
    private final AtomicLong generation = new AtomicLong();
    private final MockChatHandler chat;
    private final MockOtherEndpoints others;
    private volatile byte[] lastRequestBody = new byte[0];
    private volatile Map<String, String> lastRequestHeaders = Map.of();
    private WebServer server;

    private MockOpenRouter(MockOptions options) {
        this.options = options;
        this.chat = new MockChatHandler(options, openStreams, this);
        this.others = new MockOtherEndpoints(this);
    }

    /** Starts the fake upstream on {@code o.host()}:{@code o.port()} (0 = any free port); fails if it cannot bind. */
    public static MockOpenRouter start(MockOptions o) {
        MockOpenRouter m = new MockOpenRouter(o);
        m.server = WebServer.builder()
                .host(o.host())
                .port(o.port())
                .shutdownHook(false)
                .shutdownGracePeriod(Duration.ofMillis(100))
                .connectionOptions(so -> so.tcpNoDelay(true))
                .routing(m::routing)
                .build()
                .start();
        if (!m.server.isRunning()) {
            throw new IllegalStateException("could not listen on " + o.host() + ":" + o.port()
                    + " (address in use or not available)");
        }
        return m;
    }

    private void routing(HttpRouting.Builder r) {
        r.post(API + "/chat/completions", (req, res) -> withBody(req, res, (b, key) -> chat.handle(req, res, b, key)))
                .get(API + "/models", (req, res) -> {
                    record(req, new byte[0]);
                    res.header(HeaderValues.CONTENT_TYPE_JSON);
                    res.send(MockModels.LIST);
                })
                .post(API + "/embeddings", (req, res) -> withBody(req, res, (b, k) -> others.embeddings(res, b)))
                .post(API + "/responses", (req, res) -> withBody(req, res, (b, k) -> others.responses(res, b)))
                .post(API + "/completions", (req, res) -> withBody(req, res, (b, k) -> others.completions(res, b)))
                .any((req, res) -> sendError(res, 404, "Not Found"));
    }

    private interface BodyHandler {
        void handle(byte[] body, String upstreamKey);
    }

    private void withBody(ServerRequest req, ServerResponse res, BodyHandler h) throws IOException {
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readAllBytes();
        }
        record(req, body);
        String auth = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!auth.startsWith("Bearer ") || auth.length() <= "Bearer ".length()) {
            sendError(res, 401, MockReplies.errorMessage(401));
            return;
        }
        h.handle(body, auth.substring("Bearer ".length()));
    }

    private void record(ServerRequest req, byte[] body) {
        requestCount.incrementAndGet();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : req.headers()) {
            headers.put(h.headerName().lowerCase(), String.join(",", h.allValues()));
        }
        lastRequestHeaders = Collections.unmodifiableMap(headers);
        lastRequestBody = body;
    }

    static void sendError(ServerResponse res, int status, String message) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(MockReplies.error(status, message));
    }

    String nextGenerationId() {
        return "gen-" + (System.currentTimeMillis() / 1000) + "-mock" + generation.incrementAndGet();
    }

    MockOptions options() {
        return options;
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** What {@code OPENROUTER_BASE_URL} should be: {@code http://127.0.0.1:<port>/api/v1}. */
    public String baseUrl() {
        String host = options.host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + API;
    }

    /** The body of the last request received (empty before any). */
    public byte[] lastRequestBody() {
        return lastRequestBody.clone();
    }

    /** The headers of the last request received, names in lower case, repeated values joined by commas. */
    public Map<String, String> lastRequestHeaders() {
        return lastRequestHeaders;
    }

    /** Number of requests received so far, on any endpoint. */
    public long requestCount() {
        return requestCount.get();
    }

    /** Streams currently being written; drops when a reader disconnects. */
    public int openStreams() {
        return openStreams.get();
    }

    /** Stops the server. */
    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
