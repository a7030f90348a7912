package org.openrouterproxy.server;

import io.helidon.webserver.http.ServerRequest;

/**
 * The facts about one request that the access log and metrics need, filled in along the request path.
 * One instance per request, owned by its handler thread; never shared.
 */
final class Exchange {
    final String requestId;
    final long startNanos;
    Route route = Route.OTHER;
    String keyId = "-";
    /** The authenticated caller, once {@link ClientAuth#authenticate(ServerRequest, Exchange)} has run. */
    ClientAuth.Caller caller;
    String model;
    boolean stream;
    long upstreamTtfbNanos = -1;
    boolean clientAborted;
    /** True once the response status and headers are committed (streaming began): errors can no longer be sent. */
    boolean responseStarted;
    /** Lets a graceful shutdown close this request's upstream call from another thread. */
    final UpstreamAbort upstreamAbort = new UpstreamAbort();
    /** The body buffer room this request holds; {@link AdmissionFilter} gives it back when the request ends. */
    BodyBudget.Lease budget = BodyBudget.Lease.unmetered();
    /** True when the proxy added cache markers to the request body. */
    boolean cacheMarked;
    /** Token usage read from upstream's answer, or null. */
    org.openrouterproxy.core.Usage usage;

    Exchange(String requestId, long startNanos) {
        this.requestId = requestId;
        this.startNanos = startNanos;
    }
}
