package org.openrouterproxy.server;

import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/embeddings}, {@code /v1/responses}, {@code /v1/completions}: authenticated pass-through to the
 * same path upstream, no transform, same streaming rules as chat.
 */
final class PassThroughHandler implements ExchangeHandler {
    private final String upstreamPath;
    private final ClientAuth auth;
    private final RequestBodies bodies;
    private final UpstreamForwarder forwarder;

    PassThroughHandler(String upstreamPath, ClientAuth auth, RequestBodies bodies, UpstreamForwarder forwarder) {
        this.upstreamPath = upstreamPath;
        this.auth = auth;
        this.bodies = bodies;
        this.forwarder = forwarder;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res, Exchange ex) {
        ClientAuth.Caller caller = auth.authenticate(req, ex);
        byte[] body = bodies.readJson(req);
        RequestPeek peek = RequestPeek.of(body);
        ex.model = peek.model();
        ex.stream = peek.stream();
        forwarder.forward(new OpenRouterTransport.Call(Method.POST, upstreamPath, req.headers(), body,
                caller.upstreamKey(), peek.stream()), res, ex, false);
    }
}
