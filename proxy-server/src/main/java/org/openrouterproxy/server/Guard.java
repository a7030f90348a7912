package org.openrouterproxy.server;

/**
 * The overload and security parts of one proxy instance, built once from its settings: CORS, the draining switch
 * and running-request registry, the concurrency cap, per-client rate limits, the body-read watchdog, the body buffer budget, and their
 * counters. No static state.
 */
record Guard(GuardSettings settings, CorsPolicy cors, InFlightRegistry inFlight, ConcurrencyLimit concurrency,
             ClientLimiter rateLimiter, RedisLink redis, ClientIdentity identity, BodyReadWatchdog bodyWatchdog,
             GuardMetrics metrics, BodyBudget budget)
        implements AutoCloseable {

    /**
     * Builds the guard; with {@code PROXY_REDIS_URL} set the rate limits are shared through Redis (local buckets
     * while it is down), else each replica keeps its own buckets. {@code redis} is null without a URL.
     */
    static Guard create(GuardSettings s, RedisSettings redisSettings, ClientAuth auth, long maxBufferedBytes) {
        RateLimiter local = s.rateLimited() ? new RateLimiter(s::rpmFor, System::nanoTime, RateLimiter.MAX_BUCKETS)
                : null;
        RedisLink redis = redisSettings.enabled() ? RedisLink.create(redisSettings).start() : null;
        ClientLimiter limiter = local == null || redis == null ? local : new SharedRateLimiter(s::rpmFor, redis, local);
        GuardMetrics metrics = new GuardMetrics();
        return new Guard(s, new CorsPolicy(s.corsOrigins()), new InFlightRegistry(),
                new ConcurrencyLimit(s.maxConcurrent()), limiter, redis, new ClientIdentity(auth),
                new BodyReadWatchdog(s.bodyReadTimeout()), metrics, new BodyBudget(maxBufferedBytes, metrics));
    }

    /** Appends the guard's meters to a Prometheus text exposition. */
    void render(StringBuilder sb) {
        metrics.render(sb, concurrency.active());
        budget.render(sb);
        if (redis != null) {
            redis.render(sb);
        }
    }

    @Override
    public void close() {
        bodyWatchdog.close();
        if (redis != null) {
            redis.close();
        }
    }
}
