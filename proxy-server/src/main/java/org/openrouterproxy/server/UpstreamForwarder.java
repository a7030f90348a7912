package org.openrouterproxy.server;

import org.openrouterproxy.core.ProxyError;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.ServerResponse;

/** Sends one call upstream and relays the answer, recording time to upstream headers and upstream failures. */
final class UpstreamForwarder {
    private final OpenRouterTransport transport;
    private final ResponseRelay relay;
    private final ProxyMetrics metrics;

    UpstreamForwarder(OpenRouterTransport transport, ResponseRelay relay, ProxyMetrics metrics) {
        this.transport = transport;
        this.relay = relay;
        this.metrics = metrics;
    }

    void forward(OpenRouterTransport.Call call, ServerResponse res, Exchange ex, boolean tapUsage) {
        long sent = System.nanoTime();
        HttpClientResponse up;
        try {
            up = transport.send(call);
        } catch (ProxyError e) {
            metrics.upstreamFailure(e.status());
            throw e;
        }
        ex.upstreamTtfbNanos = System.nanoTime() - sent;
        metrics.upstreamHeaders(ex.upstreamTtfbNanos);
        ex.upstreamAbort.attach(up);
        try (up) {
            relay.relay(up, res, ex, tapUsage);
        } finally {
            ex.upstreamAbort.detach();
        }
    }
}
