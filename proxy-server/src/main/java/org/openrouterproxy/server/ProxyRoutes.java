package org.openrouterproxy.server;

import static org.openrouterproxy.server.ExchangeHandler.guard;

import io.helidon.webserver.http.HttpRouting;

/** The one place that registers every route of the proxy; {@link ProxyServer} and tests both use it. */
public final class ProxyRoutes {
    private ProxyRoutes() {
    }

    /**
     * Registers the whole proxy (filter and routes) on {@code r}, e.g. to mount it in another Helidon server.
     * {@link ProxyServer#start} uses this too. The caller owns the server and its socket options. A usage ledger
     * opened here is not drained when that server stops; embedders who need it use {@link ProxyServer}.
     */
    public static void register(HttpRouting.Builder r, ProxySettings s) {
        register(r, ProxyComponents.create(s));
    }

    /** Registers the proxy's filter and routes on {@code r}, built from {@code c}. */
    static void register(HttpRouting.Builder r, ProxyComponents c) {
        ChatHandler chat = new ChatHandler(c.auth(), c.bodies(), c.rewriter(), c.forwarder(), c.metrics());
        ServiceInfoHandlers info = new ServiceInfoHandlers(c.settings(), c.metrics(), c.guard(), c.started(),
                c.ledger());
        ModelsHandler models = new ModelsHandler(c.auth(), c.attempts(), c.relay(), c.modelsCache(), c.metrics());
        r.addFilter(new ExchangeFilter(c.metrics(), c.accessLog(),
                        c.ledger() == null ? null : new UsageRecords(c.ledger())))
                .addFilter(new AdmissionFilter(c.guard()))
                .post("/v1/chat/completions", guard(Route.CHAT, chat))
                .get("/v1/models", guard(Route.MODELS, models))
                .get(ModelsHandler.PREFIX + "*", guard(Route.MODELS, models))
                .post("/v1/embeddings", guard(Route.EMBEDDINGS, passThrough("/embeddings", c)))
                .post("/v1/responses", guard(Route.RESPONSES, passThrough("/responses", c)))
                .post("/v1/completions", guard(Route.COMPLETIONS, passThrough("/completions", c)))
                .get("/v1/usage", guard(Route.USAGE, new UsageHandler(c.admin(), c.ledger())))
                .get("/health", guard(Route.HEALTH, info::health))
                .get("/health/live", guard(Route.HEALTH, info::health))
                .get("/health/ready", guard(Route.HEALTH, info::ready))
                .get("/metrics", guard(Route.METRICS, info::metrics))
                .get("/", guard(Route.INFO, info::info))
                .any(guard(Route.OTHER, new FallbackHandler()));
    }

    private static PassThroughHandler passThrough(String path, ProxyComponents c) {
        return new PassThroughHandler(path, c.auth(), c.bodies(), c.forwarder());
    }
}
