package org.openrouterproxy.server;

import java.util.Map;

import org.openrouterproxy.core.ProxyError;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Last route: 405 with {@code Allow} for a known path with the wrong method, otherwise a 404 JSON error. */
final class FallbackHandler implements ExchangeHandler {
    private static final Map<String, String> ALLOWED = Map.ofEntries(
            Map.entry("/v1/chat/completions", "POST"),
            Map.entry("/v1/models", "GET"),
            Map.entry("/v1/embeddings", "POST"),
            Map.entry("/v1/responses", "POST"),
            Map.entry("/v1/completions", "POST"),
            Map.entry("/health", "GET"),
            Map.entry("/health/live", "GET"),
            Map.entry("/health/ready", "GET"),
            Map.entry("/metrics", "GET"),
            Map.entry("/", "GET"));

    @Override
    public void handle(ServerRequest req, ServerResponse res, Exchange ex) {
        String path = req.path().path();
        String allow = ALLOWED.get(path);
        if (allow == null && path.startsWith("/v1/models/")) {
            allow = "GET";
        }
        if (allow == null) {
            throw ErrorResponses.notFound("no such endpoint: " + AccessLog.safe(path, 100));
        }
        res.header(HeaderNames.ALLOW, allow);
        throw new ProxyError(405, "invalid_request_error", "method_not_allowed",
                "method " + req.prologue().method().text() + " is not allowed here; use " + allow);
    }
}
