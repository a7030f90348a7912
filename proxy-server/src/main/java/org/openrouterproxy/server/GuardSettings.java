package org.openrouterproxy.server;

import static org.openrouterproxy.server.GuardKeys.BODY_READ_TIMEOUT;
import static org.openrouterproxy.server.GuardKeys.CORS_ORIGINS;
import static org.openrouterproxy.server.GuardKeys.MAX_CONCURRENT;
import static org.openrouterproxy.server.GuardKeys.MAX_HEADER_BYTES;
import static org.openrouterproxy.server.GuardKeys.RATE_LIMITS;
import static org.openrouterproxy.server.GuardKeys.RATE_LIMIT_RPM;
import static org.openrouterproxy.server.GuardKeys.SHUTDOWN_GRACE;
import static org.openrouterproxy.server.GuardKeys.TLS_CERT;
import static org.openrouterproxy.server.GuardKeys.TLS_KEY;
import static org.openrouterproxy.server.GuardKeys.TLS_KEYSTORE;
import static org.openrouterproxy.server.GuardKeys.TLS_KEYSTORE_PASSWORD;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Overload, limit and listener-security settings: the concurrency cap, rate limits, header and body-read limits,
 * the shutdown grace period, optional TLS, CORS origins and the access-log format. Immutable.
 *
 * @param maxConcurrent   cap on concurrent {@code /v1} requests (open streams count); 0 = no cap
 * @param rateLimitRpm    requests per minute per client identity; 0 = no limit
 * @param rateLimits      per-identity overrides (key id such as {@code key-1a2b3c4d}, or {@code ip-<address>})
 * @param maxHeaderBytes  bound of all request header bytes together (Helidon's {@code max-headers-size})
 * @param bodyReadTimeout how long a client may take to send its whole request body
 * @param shutdownGrace   how long in-flight requests may run after SIGTERM before they are ended
 * @param tls             the listener's TLS identity, or null for plain HTTP
 * @param corsOrigins     allowed browser origins ({@code *} = any); empty = CORS off
 * @param accessLogFormat the access log: plain, JSON or off
 */
public record GuardSettings(int maxConcurrent, int rateLimitRpm, Map<String, Integer> rateLimits, int maxHeaderBytes,
                            Duration bodyReadTimeout, Duration shutdownGrace, TlsFiles tls, List<String> corsOrigins,
                            AccessLogFormat accessLogFormat) {
    public static final int DEFAULT_MAX_CONCURRENT = 1024;
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    public static final Duration DEFAULT_BODY_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    /** The access log's line format. */
    public enum AccessLogFormat {
        PLAIN, JSON, OFF;

        static AccessLogFormat parse(String key, String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "plain", "true", "on", "yes", "1" -> PLAIN;
                case "json" -> JSON;
                case "off", "false", "no", "0" -> OFF;
                default -> throw new IllegalArgumentException(key + " must be plain, json or off; got '" + value
                        + "'");
            };
        }
    }

    public GuardSettings {
        Objects.requireNonNull(bodyReadTimeout, "bodyReadTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(accessLogFormat, "accessLogFormat");
        rateLimits = Map.copyOf(rateLimits);
        corsOrigins = List.copyOf(corsOrigins);
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException(MAX_CONCURRENT + " must be 0 (no cap) or positive");
        }
        if (rateLimitRpm < 0) {
            throw new IllegalArgumentException(RATE_LIMIT_RPM + " must be 0 (no limit) or positive");
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException(MAX_HEADER_BYTES + " must be at least 1024");
        }
        if (bodyReadTimeout.isZero() || bodyReadTimeout.isNegative()) {
            throw new IllegalArgumentException(BODY_READ_TIMEOUT + " must be positive");
        }
    }

    /** Cap 1024, no rate limit, 16 KiB of headers, 60 s body read, 30 s grace, no TLS, no CORS, plain log. */
    public static GuardSettings defaults() {
        return new GuardSettings(DEFAULT_MAX_CONCURRENT, 0, Map.of(), DEFAULT_MAX_HEADER_BYTES,
                DEFAULT_BODY_READ_TIMEOUT, DEFAULT_SHUTDOWN_GRACE, null, List.of(), AccessLogFormat.PLAIN);
    }

    /** Reads the guard keys from merged key/value pairs; {@code accessLogKey} names {@code PROXY_ACCESS_LOG}. */
    static GuardSettings fromValues(Map<String, String> v, String accessLogKey) {
        GuardSettings d = defaults();
        String cert = get(v, TLS_CERT);
        String key = get(v, TLS_KEY);
        String store = get(v, TLS_KEYSTORE);
        TlsFiles tls = cert == null && key == null && store == null ? null
                : new TlsFiles(path(cert), path(key), path(store), get(v, TLS_KEYSTORE_PASSWORD));
        String log = get(v, accessLogKey);
        return new GuardSettings(
                intValue(v, MAX_CONCURRENT, d.maxConcurrent),
                intValue(v, RATE_LIMIT_RPM, 0),
                rateLimits(get(v, RATE_LIMITS)),
                get(v, MAX_HEADER_BYTES) == null ? d.maxHeaderBytes : (int) Math.min(Integer.MAX_VALUE,
                        SettingValues.bytes(MAX_HEADER_BYTES, v.get(MAX_HEADER_BYTES))),
                get(v, BODY_READ_TIMEOUT) == null ? d.bodyReadTimeout
                        : SettingValues.duration(BODY_READ_TIMEOUT, v.get(BODY_READ_TIMEOUT)),
                get(v, SHUTDOWN_GRACE) == null ? d.shutdownGrace
                        : SettingValues.duration(SHUTDOWN_GRACE, v.get(SHUTDOWN_GRACE)),
                tls,
                get(v, CORS_ORIGINS) == null ? List.of() : SettingValues.list(v.get(CORS_ORIGINS)),
                log == null ? AccessLogFormat.PLAIN : AccessLogFormat.parse(accessLogKey, log));
    }

    /**
     * Parses {@code PROXY_RATE_LIMITS}: {@code id:rpm} pairs separated by commas, where id is a client key id as
     * the access log prints it ({@code key-1a2b3c4d}; {@code proxy keys} never appear in config twice) or
     * {@code ip-<address>}; rpm 0 exempts that client.
     */
    static Map<String, Integer> rateLimits(String value) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        for (String pair : SettingValues.list(value)) {
            int colon = pair.lastIndexOf(':');
            String id = colon < 0 ? "" : pair.substring(0, colon).trim();
            if (id.isEmpty() || !(id.startsWith("key-") || id.startsWith("ip-"))) {
                throw new IllegalArgumentException(RATE_LIMITS + " entries must look like key-1a2b3c4d:120 or "
                        + "ip-10.0.0.5:60 (the key id the access log shows, never the key itself)");
            }
            out.put(id, nonNegativeInt(RATE_LIMITS, pair.substring(colon + 1)));
        }
        return out;
    }

    /** The requests-per-minute limit of {@code identity}: its override, else the global one (0 = none). */
    int rpmFor(String identity) {
        Integer rpm = rateLimits.get(identity);
        return rpm != null ? rpm : rateLimitRpm;
    }

    boolean rateLimited() {
        return rateLimitRpm > 0 || rateLimits.values().stream().anyMatch(r -> r > 0);
    }

    public GuardSettings withMaxConcurrent(int n) {
        return new GuardSettings(n, rateLimitRpm, rateLimits, maxHeaderBytes, bodyReadTimeout, shutdownGrace, tls,
                corsOrigins, accessLogFormat);
    }

    public GuardSettings withRateLimits(int rpm, Map<String, Integer> perClient) {
        return new GuardSettings(maxConcurrent, rpm, perClient, maxHeaderBytes, bodyReadTimeout, shutdownGrace, tls,
                corsOrigins, accessLogFormat);
    }

    public GuardSettings withMaxHeaderBytes(int n) {
        return new GuardSettings(maxConcurrent, rateLimitRpm, rateLimits, n, bodyReadTimeout, shutdownGrace, tls,
                corsOrigins, accessLogFormat);
    }

    public GuardSettings withBodyReadTimeout(Duration d) {
        return new GuardSettings(maxConcurrent, rateLimitRpm, rateLimits, maxHeaderBytes, d, shutdownGrace, tls,
                corsOrigins, accessLogFormat);
    }

    public GuardSettings withShutdownGrace(Duration d) {
        return new GuardSettings(maxConcurrent, rateLimitRpm, rateLimits, maxHeaderBytes, bodyReadTimeout, d, tls,
                corsOrigins, accessLogFormat);
    }

    public GuardSettings withTls(TlsFiles t) {
        return new GuardSettings(maxConcurrent, rateLimitRpm, rateLimits, maxHeaderBytes, bodyReadTimeout,
                shutdownGrace, t, corsOrigins, accessLogFormat);
    }

    public GuardSettings withCorsOrigins(List<String> origins) {
        return new GuardSettings(maxConcurrent, rateLimitRpm, rateLimits, maxHeaderBytes, bodyReadTimeout,
                shutdownGrace, tls, origins, accessLogFormat);
    }

    public GuardSettings withAccessLogFormat(AccessLogFormat f) {
        return new GuardSettings(maxConcurrent, rateLimitRpm, rateLimits, maxHeaderBytes, bodyReadTimeout,
                shutdownGrace, tls, corsOrigins, f);
    }

    /** Appends one line per guard setting, secrets masked. */
    void describe(StringBuilder sb) {
        line(sb, MAX_CONCURRENT, maxConcurrent == 0 ? "0 (no cap)" : Integer.toString(maxConcurrent));
        line(sb, RATE_LIMIT_RPM, rateLimitRpm == 0 ? "0 (no limit)" : rateLimitRpm + " per client");
        line(sb, RATE_LIMITS, rateLimits.isEmpty() ? "(not set)" : rateLimits.toString());
        line(sb, MAX_HEADER_BYTES, Integer.toString(maxHeaderBytes));
        line(sb, BODY_READ_TIMEOUT, bodyReadTimeout.toString());
        line(sb, SHUTDOWN_GRACE, shutdownGrace.toString());
        line(sb, "TLS", tls == null ? "off (plain HTTP)" : tls.toString());
        line(sb, CORS_ORIGINS, corsOrigins.isEmpty() ? "(not set: CORS off)" : String.join(",", corsOrigins));
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format("  %-26s %s%n", key, value));
    }

    private static String get(Map<String, String> v, String key) {
        String s = v.get(key);
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }

    private static int intValue(Map<String, String> v, String key, int fallback) {
        String s = get(v, key);
        return s == null ? fallback : nonNegativeInt(key, s);
    }

    private static int nonNegativeInt(String key, String s) {
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(key + " must be a whole number >= 0; got '" + s.trim() + "'");
    }
}
