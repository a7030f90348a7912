package org.openrouterproxy.server;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * Wraps every request: request id, in-flight gauge, latency and status metrics, the access log line and the usage
 * ledger record.
 */
final class ExchangeFilter implements Filter {
    private final ProxyMetrics metrics;
    private final AccessLog accessLog;
    /** The usage ledger's feed, or null when the ledger is off. */
    private final UsageRecords usage;

    ExchangeFilter(ProxyMetrics metrics, AccessLog accessLog, UsageRecords usage) {
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.usage = usage;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Exchange ex = new Exchange(RequestIds.acceptOrGenerate(req.headers().first(RequestIds.HEADER).orElse(null)),
                System.nanoTime());
        req.context().register(ex);
        res.header(RequestIds.HEADER, ex.requestId);
        metrics.requestStarted();
        try {
            chain.proceed();
        } finally {
            long nanos = System.nanoTime() - ex.startNanos;
            int status = res.status().code();
            metrics.requestFinished(ex.route, status, nanos, ex.clientAborted);
            accessLog.log(ex, req.prologue().method().text(), req.path().path(), status, nanos);
            if (usage != null) {
                usage.finished(ex, status, nanos);
            }
        }
    }

    /** The exchange the filter registered for this request. */
    static Exchange of(ServerRequest req) {
        return req.context().get(Exchange.class).orElseGet(() -> new Exchange("-", System.nanoTime()));
    }
}
