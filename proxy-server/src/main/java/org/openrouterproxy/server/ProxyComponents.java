package org.openrouterproxy.server;

import java.time.Instant;

import org.openrouterproxy.core.ChatRequestRewriter;

/**
 * Everything one proxy instance is made of, built once from its settings: the steps of the request path
 * (auth, body reading, rewriting, transport, relay) plus metrics, the access log and the admission guard.
 * No static state.
 */
record ProxyComponents(ProxySettings settings, ProxyMetrics metrics, AccessLog accessLog, ClientAuth auth,
                       RequestBodies bodies, ChatRequestRewriter rewriter, OpenRouterTransport transport,
                       ResponseRelay relay, UpstreamForwarder forwarder, ModelsCache modelsCache, Instant started,
                       StreamKeepAlive keepAlive, UpstreamAttempts attempts, Guard guard) {

    static ProxyComponents create(ProxySettings s) {
        ProxyMetrics metrics = new ProxyMetrics();
        OpenRouterTransport transport = new OpenRouterTransport(s);
        ResilienceSettings r = s.resilience();
        ResponseRelay relay = new ResponseRelay(new UsageTap(metrics), metrics, r.maxSseEventBytes());
        StreamKeepAlive keepAlive = new StreamKeepAlive(r.streamKeepAliveAfter(), r.streamKeepAliveInterval());
        UpstreamAttempts attempts = new UpstreamAttempts(transport, RetryPolicy.of(s), metrics);
        ClientAuth auth = new ClientAuth(s);
        Guard guard = Guard.create(s.guard(), auth, s.maxBufferedBytes());
        return new ProxyComponents(s, metrics, new AccessLog(s.guard().accessLogFormat()), auth,
                new RequestBodies(s.maxBodyBytes(), guard.bodyWatchdog(), guard.metrics()),
                new ChatRequestRewriter(s.cachePolicy()), transport, relay,
                new UpstreamForwarder(attempts, relay, metrics, keepAlive, s.responseTimeout()),
                new ModelsCache(s.modelsCacheTtl(), System::nanoTime), Instant.now(), keepAlive, attempts, guard);
    }
}
