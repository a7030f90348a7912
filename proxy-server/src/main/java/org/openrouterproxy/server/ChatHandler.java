package org.openrouterproxy.server;

import org.openrouterproxy.core.CacheDecision;
import org.openrouterproxy.core.ChatRequestRewriter;
import org.openrouterproxy.core.ChatRewrite;
import org.openrouterproxy.core.ProxyError;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/chat/completions}: authenticate, read the body, validate and add cache markers
 * ({@link ChatRequestRewriter}), forward, relay. {@code X-Proxy-Cache: off} skips the markers for one request;
 * the response says what happened in {@code X-Proxy-Cache-Control: injected|skipped}.
 *
 * <pre>{@code curl -s localhost:9998/v1/chat/completions -H 'Content-Type: application/json' \
 *   -d '{"model":"anthropic/claude-sonnet-4.5","messages":[{"role":"user","content":"Hi"}]}'}</pre>
 */
final class ChatHandler implements ExchangeHandler {
    static final HeaderName CACHE_SWITCH = HeaderNames.create("X-Proxy-Cache");
    static final HeaderName CACHE_OUTCOME = HeaderNames.create("X-Proxy-Cache-Control");

    private final ClientAuth auth;
    private final RequestBodies bodies;
    private final ChatRequestRewriter rewriter;
    private final UpstreamForwarder forwarder;
    private final ProxyMetrics metrics;

    ChatHandler(ClientAuth auth, RequestBodies bodies, ChatRequestRewriter rewriter, UpstreamForwarder forwarder,
                ProxyMetrics metrics) {
        this.auth = auth;
        this.bodies = bodies;
        this.rewriter = rewriter;
        this.forwarder = forwarder;
        this.metrics = metrics;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res, Exchange ex) {
        ClientAuth.Caller caller = auth.authenticate(req, ex);
        byte[] body = bodies.readJson(req);
        if (body.length == 0) {
            throw ProxyError.badRequest("empty_body", "request body is empty; send a JSON object with 'messages'");
        }
        boolean skip = req.headers().first(CACHE_SWITCH).map(v -> v.trim().equalsIgnoreCase("off")).orElse(false);
        ChatRewrite rw = rewriter.rewrite(body, skip);
        ex.model = rw.model();
        ex.stream = rw.stream();
        ex.cacheMarked = rw.decision() == CacheDecision.INJECTED;
        metrics.cacheDecision(ex.cacheMarked, rw.markers());
        res.header(CACHE_OUTCOME, rw.decision().headerValue());
        forwarder.forward(new OpenRouterTransport.Call(Method.POST, "/chat/completions", req.headers(), rw.body(),
                caller.upstreamKey(), rw.stream()), res, ex, true);
    }
}
