package org.openrouterproxy.server;

import java.time.Instant;

import org.openrouterproxy.core.ChatRequestRewriter;

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
                       ClientWatchingHttp1 clients) {

    static ProxyComponents create(ProxySettings s) {
        ProxyMetrics metrics = new ProxyMetrics();
        OpenRouterTransport transport = new OpenRouterTransport(s);
        ResilienceSettings r = s.resilience();
        ResponseRelay relay = new ResponseRelay(new UsageTap(metrics), metrics, r.maxSseEventBytes());
        StreamKeepAlive keepAlive = new StreamKeepAlive(r.streamKeepAliveAfter(), r.streamKeepAliveInterval());
        UpstreamAttempts attempts = new UpstreamAttempts(transport, RetryPolicy.of(s), metrics);
        ClientAuth auth = new ClientAuth(s);
        Guard guard = Guard.create(s.guard(), s.redis(), auth, s.maxBufferedBytes());
        ClientWatchingHttp1 clients = new ClientWatchingHttp1(http1(s), r.clientWatchAfter(),
                keepAlive.scheduler());
        return new ProxyComponents(s, metrics, new AccessLog(s.guard().accessLogFormat()), auth,
                new RequestBodies(s.maxBodyBytes(), guard.bodyWatchdog(), guard.metrics()),
                new ChatRequestRewriter(s.cachePolicy()), transport, relay,
                new UpstreamForwarder(attempts, relay, metrics, keepAlive, s.responseTimeout(), clients),
                new ModelsCache(s.modelsCacheTtl(), System::nanoTime, guard.redis()), Instant.now(), keepAlive, attempts, guard,
                clients);
    }

    /** The HTTP/1.1 settings of the listener. */
    static Http1Config http1(ProxySettings s) {
        return Http1Config.builder().maxHeadersSize(s.guard().maxHeaderBytes()).build();
    }
}
