package org.openrouterproxy.server;

import java.io.IOException;
import java.io.InputStream;

import org.openrouterproxy.core.OpenRouterModels;
import org.openrouterproxy.core.ProxyError;

import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} (ids contain a slash): OpenRouter's list in OpenAI's
 * shape, cached briefly. Upstream errors are relayed as they are and never cached.
 *
 * <pre>{@code curl -s localhost:9998/v1/models/anthropic/claude-sonnet-4.5}</pre>
 */
final class ModelsHandler implements ExchangeHandler {
    static final String PREFIX = "/v1/models/";

    private final ClientAuth auth;
    private final UpstreamAttempts upstream;
    private final ResponseRelay relay;
    private final ModelsCache cache;
    private final ProxyMetrics metrics;

    ModelsHandler(ClientAuth auth, UpstreamAttempts upstream, ResponseRelay relay, ModelsCache cache,
                  ProxyMetrics metrics) {
        this.auth = auth;
        this.upstream = upstream;
        this.relay = relay;
        this.cache = cache;
        this.metrics = metrics;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res, Exchange ex) {
        ClientAuth.Caller caller = auth.authenticate(req, ex);
        String path = req.path().path();
        String id = path.startsWith(PREFIX) && path.length() > PREFIX.length() ? path.substring(PREFIX.length()) : null;
        ex.model = id;
        ModelsCache.Entry entry = cache.fresh();
        if (entry == null) {
            entry = fetch(req, res, ex, caller);
            if (entry == null) {
                return;
            }
        }
        byte[] body = id == null ? entry.openAiList() : OpenRouterModels.toOpenAiModel(entry.upstreamBody(), id);
        if (body == null) {
            throw new ProxyError(404, "invalid_request_error", "model_not_found",
                    "model '" + AccessLog.safe(id, 200) + "' does not exist");
        }
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(body);
    }

    /** Fetches and caches the list; on an upstream error status relays it and returns null. */
    private ModelsCache.Entry fetch(ServerRequest req, ServerResponse res, Exchange ex, ClientAuth.Caller caller) {
        long sent = System.nanoTime();
        HttpClientResponse up = upstream.send(new OpenRouterTransport.Call(Method.GET, "/models", req.headers(), null,
                caller.upstreamKey(), false), StreamKeepAlive.none());
        ex.upstreamTtfbNanos = System.nanoTime() - sent;
        metrics.upstreamHeaders(ex.upstreamTtfbNanos);
        try (up) {
            if (up.status().code() != 200) {
                relay.relay(up, res, ex, false);
                return null;
            }
            byte[] upstreamBody;
            try (InputStream in = up.inputStream()) {
                upstreamBody = in.readNBytes(ResponseRelay.MAX_UPSTREAM_BODY + 1);
            } catch (IOException | RuntimeException e) {
                throw ResponseRelay.bodyFailure(e);
            }
            if (upstreamBody.length > ResponseRelay.MAX_UPSTREAM_BODY) {
                throw new ProxyError(502, "upstream_error", "upstream_body_too_large",
                        "upstream models list is too large");
            }
            return cache.store(upstreamBody, OpenRouterModels.toOpenAiList(upstreamBody));
        }
    }
}
