package org.openrouterproxy.server;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The proxy's use of Redis behind a circuit breaker. After a failed call Redis is left alone for
 * {@link #BACKOFF_NANOS} (the caller uses its local buckets), then one request probes it; so an outage costs one
 * bounded wait per second, not one per request. Logs once when Redis goes away and once when it is back; counts
 * every failed call ({@code proxy_redis_errors_total}).
 */
final class RedisLink implements AutoCloseable {
    static final String LOGGER = "org.openrouterproxy.redis";
    static final long BACKOFF_NANOS = 1_000_000_000L;
    private static final Logger LOG = Logger.getLogger(LOGGER);
    private static final long CLOSED = Long.MIN_VALUE;

    private final RedisBuckets buckets;
    private final LongSupplier clock;
    private final long backoffNanos;
    /** {@link #CLOSED} while Redis answers; else the earliest time of the next probe. */
    private final AtomicLong nextProbe = new AtomicLong(CLOSED);
    private final AtomicBoolean down = new AtomicBoolean();
    private final LongAdder errors = new LongAdder();
    private final LongAdder calls = new LongAdder();

    RedisLink(RedisBuckets buckets, LongSupplier clock, long backoffNanos) {
        this.buckets = buckets;
        this.clock = clock;
        this.backoffNanos = backoffNanos;
    }

    static RedisLink create(RedisSettings s) {
        return new RedisLink(new RedisBuckets(s), System::nanoTime, BACKOFF_NANOS);
    }

    /** Pings once at start-up so the log says at once whether limits are shared; never fails the start. */
    RedisLink start() {
        if (check()) {
            LOG.info("redis at " + buckets.display() + " answers: rate limits are shared by all replicas");
        }
        return this;
    }

    /**
     * One token from the shared bucket, or null when Redis is not to be asked now (the breaker is open) or failed
     * (the breaker opens): then the caller uses its local bucket.
     */
    RateLimiter.Decision acquire(String identity, int rpm) {
        return call(b -> b.acquire(identity, rpm));
    }

    /** Runs {@code op} on Redis unless the breaker is open; null when not asked or failed (the breaker opens). */
    <T> T call(Function<RedisBuckets, T> op) {
        if (!mayCall()) {
            return null;
        }
        try {
            calls.increment();
            T result = op.apply(buckets);
            succeeded();
            return result;
        } catch (RuntimeException e) {
            failed(e);
            return null;
        }
    }

    /** Pings Redis when the breaker allows a call (readiness probes use this); true when Redis is up. */
    boolean check() {
        if (mayCall()) {
            try {
                buckets.ping();
                succeeded();
            } catch (RuntimeException e) {
                failed(e);
            }
        }
        return up();
    }

    boolean up() {
        return !down.get();
    }

    long errors() {
        return errors.sum();
    }

    private boolean mayCall() {
        long next = nextProbe.get();
        if (next == CLOSED) {
            return true;
        }
        long now = clock.getAsLong();
        return now - next >= 0 && nextProbe.compareAndSet(next, now + backoffNanos);
    }

    private void succeeded() {
        if (nextProbe.get() != CLOSED) {
            nextProbe.set(CLOSED);
        }
        if (down.compareAndSet(true, false)) {
            LOG.info("redis at " + buckets.display() + " answers again: rate limits are shared again");
        }
    }

    private void failed(RuntimeException e) {
        errors.increment();
        nextProbe.set(clock.getAsLong() + backoffNanos);
        if (down.compareAndSet(false, true)) {
            LOG.warning("redis unreachable at " + buckets.display() + " (" + describe(e)
                    + "): using local rate limits until it answers again");
        }
    }

    /** The exception's class and a short, key-free message (Jedis never puts the password in one). */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        if (m == null) {
            return root.getClass().getSimpleName();
        }
        String oneLine = m.replaceAll("\\p{Cntrl}", " ").strip();
        return root.getClass().getSimpleName() + ": " + (oneLine.length() > 120 ? oneLine.substring(0, 120) + "..."
                : oneLine);
    }

    /** Appends {@code proxy_redis_errors_total}, {@code proxy_redis_up} and {@code proxy_redis_calls_total}. */
    void render(StringBuilder sb) {
        sb.append("# HELP proxy_redis_errors_total Redis calls that failed or timed out (local limits were used).\n");
        sb.append("# TYPE proxy_redis_errors_total counter\n");
        sb.append("proxy_redis_errors_total ").append(errors.sum()).append('\n');
        sb.append("# HELP proxy_redis_calls_total Redis calls made (rate limits, shared models list).\n");
        sb.append("# TYPE proxy_redis_calls_total counter\n");
        sb.append("proxy_redis_calls_total ").append(calls.sum()).append('\n');
        sb.append("# HELP proxy_redis_up 1 while Redis answers (shared limits), 0 while local limits are used.\n");
        sb.append("# TYPE proxy_redis_up gauge\n");
        sb.append("proxy_redis_up ").append(up() ? 1 : 0).append('\n');
    }

    @Override
    public void close() {
        buckets.close();
    }
}
