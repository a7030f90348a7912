package org.openrouterproxy.server;

import java.time.Instant;

import org.openrouterproxy.core.ChatRequestRewriter;
import org.openrouterproxy.server.usage.UsageLedger;
import org.openrouterproxy.server.usage.UsageStore;

import io.helidon.webserver.http1.Http1Config;

/**
 * Everything one proxy instance is made of, built once from its settings: the steps of the request path
 * (auth, body reading, rewriting, transport, relay) plus metrics, the access log and the admission guard.
 * No static state.
 */
record ProxyComponents(ProxySettings settings, ProxyMetrics metrics, AccessLog accessLog, ClientAuth auth,
                       RequestBodies bodies, ChatRequestRewriter rewriter, OpenRouterTransport transport,
                       ResponseRelay relay, UpstreamForwarder forwarder, ModelsCache modelsCache, Instant started,
                       StreamKeepAlive keepAlive, UpstreamAttempts attempts, Guard guard,
                       ClientWatchingHttp1 clients, UsageLedger ledger, AdminAuth admin) {

    /**
     * Builds the components; opens the usage ledger first (its database and migrations), so a bad ledger stops the
     * start-up before anything else runs.
     *
     * @throws IllegalArgumentException with a one-line message when the ledger cannot be opened
     */
    static ProxyComponents create(ProxySettings s) {
        UsageStore store = s.usage().db().isOff() ? null : UsageStore.open(s.usage().db());
        try {
            ProxyMetrics metrics = new ProxyMetrics();
            ResilienceSettings r = s.resilience();
            StreamKeepAlive keepAlive = new StreamKeepAlive(r.streamKeepAliveAfter(), r.streamKeepAliveInterval());
            OpenRouterTransport transport = new OpenRouterTransport(s, keepAlive.deadlines());
            ResponseRelay relay = new ResponseRelay(new UsageTap(metrics), metrics, r.maxSseEventBytes());
            UpstreamAttempts attempts = new UpstreamAttempts(transport, RetryPolicy.of(s), metrics);
            ClientAuth auth = new ClientAuth(s);
            Guard guard = Guard.create(s.guard(), s.redis(), auth, s.maxBufferedBytes());
            ModelsCache modelsCache = new ModelsCache(s.modelsCacheTtl(), System::nanoTime, guard.redis());
            ClientWatchingHttp1 clients = new ClientWatchingHttp1(http1(s), r.clientWatchAfter(),
                    keepAlive.deadlines());
            return new ProxyComponents(s, metrics, new AccessLog(s.guard().accessLogFormat()), auth,
                    new RequestBodies(s.maxBodyBytes(), guard.bodyWatchdog(), guard.metrics()),
                    new ChatRequestRewriter(s.cachePolicy()), transport, relay,
                    new UpstreamForwarder(attempts, relay, metrics, keepAlive, s.responseTimeout(), clients),
                    modelsCache, Instant.now(), keepAlive, attempts, guard, clients,
                    store == null ? null : ledger(s, store, modelsCache, transport),
                    new AdminAuth(s.usage().adminKeys()));
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            throw e;
        }
    }

    /** Starts the ledger's writer, and the first fetch of model prices in the background. */
    private static UsageLedger ledger(ProxySettings s, UsageStore store, ModelsCache cache,
                                      OpenRouterTransport transport) {
        LedgerPrices prices = new LedgerPrices(cache, transport, s.upstreamKey());
        prices.prefetch();
        return UsageLedger.start(store, prices, s.usage().queueCapacity());
    }

    /**
     * Stops the timers and the upstream connections, the guard's parts and the ledger, which writes what it still
     * holds (after the server stopped).
     */
    void close() {
        // the connections first: a call still running keeps its deadline until its connection is closed
        transport.close();
        keepAlive.close();
        guard.close();
        if (ledger != null) {
            ledger.close();
        }
    }

    /** The HTTP/1.1 settings of the listener. */
    static Http1Config http1(ProxySettings s) {
        // request headers are validated as they arrive; the response headers the proxy writes are its own or were
        // validated when they arrived (from the client, or from upstream by the upstream client), so they are not
        // validated a second time on the way out
        return Http1Config.builder().maxHeadersSize(s.guard().maxHeaderBytes()).validateResponseHeaders(false)
                .build();
    }
}
