package org.openrouterproxy.server;

import java.util.function.ToIntFunction;

/**
 * Rate limits shared by all replicas through Redis ({@link RedisLink}), with this replica's own buckets
 * ({@link RateLimiter}) as the fallback while Redis is down or slow: a Redis outage never refuses or stalls a
 * request, it only makes the limits per replica until Redis answers again.
 */
final class SharedRateLimiter implements ClientLimiter {
    private final ToIntFunction<String> rpmOf;
    private final RedisLink redis;
    private final RateLimiter local;

    SharedRateLimiter(ToIntFunction<String> rpmOf, RedisLink redis, RateLimiter local) {
        this.rpmOf = rpmOf;
        this.redis = redis;
        this.local = local;
    }

    @Override
    public RateLimiter.Decision acquire(String identity) {
        int rpm = rpmOf.applyAsInt(identity);
        if (rpm <= 0) {
            return RateLimiter.Decision.ALLOW;
        }
        RateLimiter.Decision shared = redis.acquire(identity, rpm);
        return shared != null ? shared : local.acquire(identity);
    }
}
