package org.openrouterproxy.server;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where the limits shared by all replicas live: {@code PROXY_REDIS_URL} ({@code redis://host:port},
 * {@code rediss://} for TLS, {@code redis://:password@host:port/db}) and the bound on every Redis call
 * ({@code PROXY_REDIS_TIMEOUT}, default 50 ms). No URL: each replica keeps its own buckets, as before.
 *
 * @param url     the Redis URL, or null (shared limits off); holds the password, so never print it
 * @param timeout connect, read and pool-wait bound of each Redis call
 */
public record RedisSettings(String url, Duration timeout) {
    public static final String URL_KEY = "PROXY_REDIS_URL";
    public static final String TIMEOUT_KEY = "PROXY_REDIS_TIMEOUT";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);

    public RedisSettings {
        if (timeout == null || timeout.isZero() || timeout.isNegative()
                || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException(TIMEOUT_KEY + " must be positive and at most 1m");
        }
        if (url != null) {
            URI u;
            try {
                u = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(URL_KEY + " is not a valid URL (redis://host:port)");
            }
            if (u.getScheme() == null || !(u.getScheme().equals("redis") || u.getScheme().equals("rediss"))
                    || u.getHost() == null) {
                throw new IllegalArgumentException(URL_KEY + " must look like redis://host:6379, rediss://host:6380 "
                        + "or redis://:password@host:6379/0");
            }
            String path = u.getPath() == null ? "" : u.getPath();
            if (!path.isEmpty() && !path.equals("/") && !path.substring(1).matches("\\d{1,2}")) {
                throw new IllegalArgumentException(URL_KEY + ": the path must be a database number such as /0");
            }
            url = url.trim();
        }
    }

    /** Shared limits off. */
    public static RedisSettings none() {
        return new RedisSettings(null, DEFAULT_TIMEOUT);
    }

    /** Reads the two keys from merged key/value pairs. */
    static RedisSettings fromValues(Map<String, String> v) {
        String url = v.get(URL_KEY);
        String timeout = v.get(TIMEOUT_KEY);
        return new RedisSettings(url == null || url.isBlank() ? null : url,
                timeout == null || timeout.isBlank() ? DEFAULT_TIMEOUT : SettingValues.duration(TIMEOUT_KEY, timeout));
    }

    public boolean enabled() {
        return url != null;
    }

    /** The URL without its password: {@code redis://host:port/db}, safe to log. */
    public String displayUrl() {
        if (url == null) {
            return "(not set)";
        }
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                + (u.getRawPath() == null ? "" : u.getRawPath())
                + (u.getRawUserInfo() == null ? "" : " (password set, masked)");
    }

    /** Without the password: records print every component, and this one holds a secret. */
    @Override
    public String toString() {
        return "RedisSettings[url=" + displayUrl() + ", timeout=" + timeout + "]";
    }

    void describe(StringBuilder sb) {
        sb.append(String.format("  %-26s %s%n", URL_KEY, enabled() ? displayUrl()
                : "(not set: rate limits are per replica)"));
        sb.append(String.format("  %-26s %s%n", TIMEOUT_KEY, timeout));
    }
}
