package org.openrouterproxy.server;

/**
 * The overload and security parts of one proxy instance, built once from its settings: CORS, the draining switch
 * and running-request registry, the concurrency cap, per-client rate limits, the body-read watchdog, the body buffer budget, and their
 * counters. No static state.
 */
record Guard(GuardSettings settings, CorsPolicy cors, InFlightRegistry inFlight, ConcurrencyLimit concurrency,
             RateLimiter rateLimiter, ClientIdentity identity, BodyReadWatchdog bodyWatchdog, GuardMetrics metrics,
             BodyBudget budget)
        implements AutoCloseable {

    static Guard create(GuardSettings s, ClientAuth auth, long maxBufferedBytes) {
        RateLimiter limiter = s.rateLimited() ? new RateLimiter(s::rpmFor, System::nanoTime, RateLimiter.MAX_BUCKETS)
                : null;
        GuardMetrics metrics = new GuardMetrics();
        return new Guard(s, new CorsPolicy(s.corsOrigins()), new InFlightRegistry(),
                new ConcurrencyLimit(s.maxConcurrent()), limiter, new ClientIdentity(auth),
                new BodyReadWatchdog(s.bodyReadTimeout()), metrics, new BodyBudget(maxBufferedBytes, metrics));
    }

    /** Appends the guard's meters to a Prometheus text exposition. */
    void render(StringBuilder sb) {
        metrics.render(sb, concurrency.active());
        budget.render(sb);
    }

    @Override
    public void close() {
        bodyWatchdog.close();
    }
}
