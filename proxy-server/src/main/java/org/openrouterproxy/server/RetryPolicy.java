package org.openrouterproxy.server;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * When and how long to wait before trying upstream again: at most {@code retries} more attempts, only for
 * connection failures before the request was sent and for 429, 502, 503 and 529 answers; exponential back-off
 * with full jitter, or upstream's {@code Retry-After} (seconds or an HTTP date) when it is within the cap.
 */
final class RetryPolicy {
    private final int retries;
    private final Duration baseBackoff;
    private final Duration maxBackoff;
    private final Duration retryAfterCap;
    private final LongSupplier epochMillis;

    RetryPolicy(int retries, Duration baseBackoff, Duration maxBackoff, Duration retryAfterCap,
                LongSupplier epochMillis) {
        this.retries = retries;
        this.baseBackoff = baseBackoff;
        this.maxBackoff = maxBackoff;
        this.retryAfterCap = retryAfterCap;
        this.epochMillis = epochMillis;
    }

    static RetryPolicy of(ProxySettings s) {
        ResilienceSettings r = s.resilience();
        return new RetryPolicy(r.retries(), r.retryBaseBackoff(), r.retryMaxBackoff(), r.retryAfterCap(),
                System::currentTimeMillis);
    }

    /** True for the statuses that say "try again": 429, 502, 503, 529 (never 4xx client errors or 500). */
    static boolean retryableStatus(int status) {
        return status == 429 || status == 502 || status == 503 || status == 529;
    }

    /** Whether attempt number {@code attempt} (0 = the first) may be followed by another. */
    boolean mayRetry(int attempt) {
        return attempt < retries;
    }

    /**
     * How long to wait after failed attempt {@code attempt} (0-based). With a {@code Retry-After} value: that long,
     * or null (do not retry: upstream asked for more than the cap). Without: a random time in
     * [0, min(max, base * 2^attempt)] (full jitter).
     */
    Duration delay(int attempt, String retryAfter) {
        if (retryAfter != null && !retryAfter.isBlank()) {
            Duration asked = parseRetryAfter(retryAfter.trim(), epochMillis.getAsLong());
            if (asked != null) {
                return asked.compareTo(retryAfterCap) > 0 ? null : asked;
            }
        }
        long ceiling = Math.min(maxBackoff.toMillis(), baseBackoff.toMillis() << Math.min(attempt, 20));
        return Duration.ofMillis(ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /** {@code Retry-After} as a wait from {@code nowMillis}: delta-seconds or an HTTP date; null when unreadable. */
    static Duration parseRetryAfter(String value, long nowMillis) {
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return Duration.ofDays(365);
            }
        }
        try {
            long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Duration.ofMillis(Math.max(0, at - nowMillis));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
