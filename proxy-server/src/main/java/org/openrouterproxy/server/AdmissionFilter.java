package org.openrouterproxy.server;

import org.openrouterproxy.core.ProxyError;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Admission of API requests, after {@link ExchangeFilter}: CORS (preflights answered here), then for {@code /v1}
 * paths: 503 while draining for shutdown, 503 past the concurrency cap (at once, no queue), 429 past the client's
 * rate limit, each with {@code Retry-After} and an OpenAI-style body. An admitted request holds its slot until its
 * handler returns, so an open stream counts; its body buffer lease ({@link BodyBudget}) is given back then too.
 * Health, metrics and info are never shed.
 */
final class AdmissionFilter implements Filter {
    private final Guard guard;

    AdmissionFilter(Guard guard) {
        this.guard = guard;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        CorsPolicy cors = guard.cors();
        if (cors.isPreflight(req)) {
            cors.preflight(req, res);
            return;
        }
        cors.decorate(req, res);
        String path = req.path().path();
        if (!path.startsWith("/v1/")) {
            chain.proceed();
            return;
        }
        Exchange ex = ExchangeFilter.of(req);
        ex.route = routeOf(path);
        if (guard.inFlight().draining()) {
            guard.metrics().refusedWhileDraining();
            res.header(HeaderValues.CONNECTION_CLOSE);
            reject(res, 1, new ProxyError(503, "server_error", "shutting_down",
                    "proxy is shutting down; retry the request"));
            return;
        }
        if (!guard.concurrency().tryAcquire()) {
            guard.metrics().shed();
            reject(res, 1, new ProxyError(503, "server_error", "overloaded",
                    "proxy is at capacity (" + GuardKeys.MAX_CONCURRENT + "); retry shortly"));
            return;
        }
        try {
            admit(chain, req, res, ex);
        } finally {
            guard.concurrency().release();
        }
    }

    private void admit(FilterChain chain, RoutingRequest req, RoutingResponse res, Exchange ex) {
        ClientLimiter limiter = guard.rateLimiter();
        if (limiter != null) {
            RateLimiter.Decision d = limiter.acquire(guard.identity().of(req, ex));
            if (!d.allowed()) {
                guard.metrics().rateLimited();
                reject(res, d.retryAfterSeconds(), new ProxyError(429, "requests", "rate_limit_exceeded",
                        "rate limit reached for this client; retry after " + d.retryAfterSeconds() + " s"));
                return;
            }
        }
        UpstreamAbort abort = ex.upstreamAbort;
        guard.inFlight().enter(ex, abort);
        ex.budget = guard.budget().lease();
        try {
            chain.proceed();
        } finally {
            ex.budget.close();
            guard.inFlight().exit(ex);
        }
    }

    private static void reject(RoutingResponse res, long retryAfterSeconds, ProxyError e) {
        res.header(HeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
        try {
            ErrorResponses.send(res, e);
        } catch (RuntimeException sendFailed) {
            // the client left already
        }
    }

    static Route routeOf(String path) {
        return switch (path) {
            case "/v1/chat/completions" -> Route.CHAT;
            case "/v1/embeddings" -> Route.EMBEDDINGS;
            case "/v1/responses" -> Route.RESPONSES;
            case "/v1/completions" -> Route.COMPLETIONS;
            case "/v1/usage" -> Route.USAGE;
            default -> path.equals("/v1/models") || path.startsWith("/v1/models/") ? Route.MODELS : Route.OTHER;
        };
    }
}
