package org.openrouterproxy.server;

import static org.openrouterproxy.server.ExchangeHandler.guard;

import io.helidon.webserver.http.HttpRouting;

/** The one place that registers every route of the proxy; {@link ProxyServer} and tests both use it. */
public final class ProxyRoutes {
    private ProxyRoutes() {
    }

    /** Registers the proxy's filter and routes on {@code r}. */
    static void register(HttpRouting.Builder r, ProxyComponents c) {
        ChatHandler chat = new ChatHandler(c.auth(), c.bodies(), c.rewriter(), c.forwarder(), c.metrics());
        ServiceInfoHandlers info = new ServiceInfoHandlers(c.settings(), c.metrics(), c.started());
        r.addFilter(new ExchangeFilter(c.metrics(), c.accessLog()))
                .post("/v1/chat/completions", guard(Route.CHAT, chat))
                .post("/v1/embeddings", guard(Route.EMBEDDINGS, passThrough("/embeddings", c)))
                .post("/v1/responses", guard(Route.RESPONSES, passThrough("/responses", c)))
                .post("/v1/completions", guard(Route.COMPLETIONS, passThrough("/completions", c)))
                .get("/health", guard(Route.HEALTH, info::health))
                .get("/health/live", guard(Route.HEALTH, info::health))
                .get("/health/ready", guard(Route.HEALTH, info::health))
                .get("/metrics", guard(Route.METRICS, info::metrics))
                .get("/", guard(Route.INFO, info::info))
                .any(guard(Route.OTHER, new FallbackHandler()));
    }

    private static PassThroughHandler passThrough(String path, ProxyComponents c) {
        return new PassThroughHandler(path, c.auth(), c.bodies(), c.forwarder());
    }
}
