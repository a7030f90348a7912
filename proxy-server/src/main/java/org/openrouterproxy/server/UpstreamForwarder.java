package org.openrouterproxy.server;

import java.time.Duration;

import org.openrouterproxy.core.ProxyError;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.ServerResponse;

/**
 * Sends one call upstream (with the retries {@link UpstreamAttempts} allows) and relays the answer, recording time
 * to upstream headers. Stream requests are watched by {@link StreamKeepAlive} until their first upstream event; for
 * other requests a {@link ClientWatch} notices a departing client and aborts the upstream call.
 */
final class UpstreamForwarder {
    private final UpstreamAttempts attempts;
    private final ResponseRelay relay;
    private final ProxyMetrics metrics;
    private final StreamKeepAlive keepAlive;
    private final Duration responseTimeout;
    private final ClientWatchingHttp1 clients;

    UpstreamForwarder(UpstreamAttempts attempts, ResponseRelay relay, ProxyMetrics metrics, StreamKeepAlive keepAlive,
                      Duration responseTimeout, ClientWatchingHttp1 clients) {
        this.clients = clients;
        this.attempts = attempts;
        this.relay = relay;
        this.metrics = metrics;
        this.keepAlive = keepAlive;
        this.responseTimeout = responseTimeout;
    }

    void forward(OpenRouterTransport.Call call, ServerResponse res, Exchange ex, boolean tapUsage) {
        long sent = System.nanoTime();
        StreamKeepAlive.Session session = call.stream() ? keepAlive.watch(res, ex) : StreamKeepAlive.none();
        ClientWatch.Armed gone = call.stream() ? ClientWatch.Armed.none() : clients.watch(() -> {
            ex.clientAborted = true;
            ex.upstreamAbort.abort();
        });
        try {
            HttpClientResponse up;
            ex.upstreamAbort.waiting();
            try {
                up = attempts.send(call, session);
            } catch (RuntimeException e) {
                boolean shutDown = ex.upstreamAbort.doneWaiting();
                if (!shutDown && !(e instanceof ProxyError)) {
                    throw e;
                }
                if (shutDown && ex.clientAborted) {
                    throw new ClientGone(e);
                }
                ProxyError failure = shutDown ? UpstreamAbort.SHUT_DOWN : (ProxyError) e;
                if (!session.stop()) {
                    throw failure;
                }
                session.failWith(failure);
                return;
            }
            // upstream answered: set before the abort check, so a client that left meanwhile is still ledgered
            ex.upstreamTtfbNanos = System.nanoTime() - sent;
            if (ex.upstreamAbort.doneWaiting()) {
                up.close();
                if (ex.clientAborted) {
                    throw new ClientGone(null);
                }
                if (!session.stop()) {
                    throw UpstreamAbort.SHUT_DOWN;
                }
                session.failWith(UpstreamAbort.SHUT_DOWN);
                return;
            }
            metrics.upstreamHeaders(ex.upstreamTtfbNanos);
            long deadline = call.stream() ? Long.MAX_VALUE : sent + responseTimeout.toNanos();
            boolean expectDone = call.path().equals("/chat/completions") || call.path().equals("/completions");
            ex.upstreamAbort.attach(up);
            try (up) {
                relay.relay(up, res, ex, new ResponseRelay.Plan(tapUsage, expectDone, session, deadline));
            } catch (RuntimeException e) {
                // aborted() is volatile and written after clientAborted: it publishes the watch's flag
                if (ex.upstreamAbort.aborted() && ex.clientAborted) {
                    throw new ClientGone(e);
                }
                throw e;
            } finally {
                ex.upstreamAbort.detach();
            }
        } finally {
            gone.disarm();
            session.finish();
        }
    }
}
