package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The token bucket with a hand-driven clock: burst, refill, Retry-After, bounded memory. */
class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void burstOfRpmThenOneTokenPerIntervalWithRetryAfter() {
        RateLimiter r = new RateLimiter(id -> 60, now::get, 100);
        for (int i = 0; i < 60; i++) {
            assertThat(r.acquire("a").allowed()).isTrue();
        }
        RateLimiter.Decision d = r.acquire("a");
        assertThat(d.allowed()).isFalse();
        assertThat(d.retryAfterSeconds()).isEqualTo(1);
        now.addAndGet(1_000_000_000L);
        assertThat(r.acquire("a").allowed()).isTrue();
        assertThat(r.acquire("a").allowed()).isFalse();
        assertThat(r.acquire("b").allowed()).isTrue();
    }

    @Test
    void slowRatesGiveLongerRetryAfter() {
        RateLimiter r = new RateLimiter(id -> 2, now::get, 100);
        r.acquire("a");
        r.acquire("a");
        assertThat(r.acquire("a").retryAfterSeconds()).isEqualTo(30);
    }

    @Test
    void zeroRpmMeansUnlimitedAndKeepsNoBucket() {
        RateLimiter r = new RateLimiter(id -> 0, now::get, 100);
        for (int i = 0; i < 1000; i++) {
            assertThat(r.acquire("id-" + i).allowed()).isTrue();
        }
        assertThat(r.size()).isZero();
    }

    @Test
    void bucketsAreBoundedAndIdleOnesSwept() {
        RateLimiter r = new RateLimiter(id -> 10, now::get, 100);
        for (int i = 0; i < 10_000; i++) {
            r.acquire("id-" + i);
            assertThat(r.size()).isLessThanOrEqualTo(100);
        }
        now.addAndGet(61_000_000_000L);
        r.acquire("fresh");
        assertThat(r.size()).isEqualTo(1);
    }
}
