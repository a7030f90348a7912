package org.openrouterproxy.server;

import static org.openrouterproxy.server.SettingKeys.BASE_URL;
import static org.openrouterproxy.server.SettingKeys.CLIENT_KEYS;
import static org.openrouterproxy.server.SettingKeys.MAX_BODY_BYTES;
import static org.openrouterproxy.server.SettingKeys.PORT;
import static org.openrouterproxy.server.SettingKeys.UPSTREAM_KEY;


import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openrouterproxy.core.CachePolicy;
import org.openrouterproxy.server.usage.UsageDb;

/**
 * The effective configuration of {@code proxy serve}. Load it with {@link #load} (flags &gt; environment &gt;
 * {@code .env} &gt; YAML &gt; defaults) or build it with {@link #builder()}. Immutable; validated on creation.
 */
public final class ProxySettings {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9998;
    public static final String DEFAULT_BASE_URL = "https://openrouter.ai/api/v1";
    public static final Duration DEFAULT_MODELS_CACHE_TTL = Duration.ofMinutes(5);
    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofMinutes(5);

    /** How clients are authenticated and which key goes upstream (issue 2, "Access control"). */
    public enum AccessMode {
        /** {@code PROXY_API_KEYS} set: clients must present one; upstream gets {@code OPENROUTER_API_KEY}. */
        CLIENT_KEYS,
        /** Neither key set: the client's own bearer token is forwarded upstream. */
        PASS_THROUGH,
        /** Only {@code OPENROUTER_API_KEY} set: anyone who can reach the (loopback) listener may use it. */
        ANONYMOUS
    }

    private final String host;
    private final int port;
    private final String baseUrl;
    private final String upstreamKey;
    private final List<String> clientKeys;
    private final boolean allowAnonymous;
    private final String httpReferer;
    private final String appTitle;
    private final CachePolicy cachePolicy;
    private final Duration modelsCacheTtl;
    private final long maxBodyBytes;
    private final long maxBufferedBytes;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration streamIdleTimeout;
    private final GuardSettings guard;
    private final ResilienceSettings resilience;
    private final UsageSettings usage;
    private final RedisSettings redis;

    private ProxySettings(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.baseUrl = normalizeBaseUrl(b.baseUrl);
        this.upstreamKey = blankToNull(b.upstreamKey);
        this.clientKeys = List.copyOf(b.clientKeys);
        this.allowAnonymous = b.allowAnonymous;
        this.httpReferer = blankToNull(b.httpReferer);
        this.appTitle = blankToNull(b.appTitle);
        this.cachePolicy = b.cachePolicy;
        this.modelsCacheTtl = b.modelsCacheTtl;
        this.maxBodyBytes = b.maxBodyBytes;
        this.maxBufferedBytes = b.maxBufferedBytes;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.streamIdleTimeout = b.streamIdleTimeout;
        this.guard = b.guard;
        this.resilience = b.resilience;
        this.usage = b.usage;
        this.redis = b.redis;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT + " must be a port number 0..65535; got '" + port + "'");
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException(MAX_BODY_BYTES + " must be positive");
        }
        if (maxBufferedBytes < 0) {
            throw new IllegalArgumentException(SettingKeys.MAX_BUFFERED_BYTES + " must be positive");
        }
        if (!clientKeys.isEmpty() && upstreamKey == null) {
            throw new IllegalArgumentException(CLIENT_KEYS + " is set but " + UPSTREAM_KEY
                    + " is not: client keys never go upstream, so the proxy needs its own upstream key");
        }
        if (accessMode() == AccessMode.ANONYMOUS && !allowAnonymous && !isLoopback(host)) {
            throw new IllegalArgumentException("refusing to serve " + UPSTREAM_KEY + " without client keys on "
                    + host + ": set " + CLIENT_KEYS + " (or bind 127.0.0.1, or pass --allow-anonymous)");
        }
    }

    /**
     * Loads the effective settings. Keys are the env-var names ({@link SettingKeys}); {@code flags} may also name
     * the YAML file as {@code config}. Only known keys are read from {@code env}.
     *
     * @throws IllegalArgumentException with a one-line message on an invalid value or unreadable file
     */
    public static ProxySettings load(Map<String, String> flags, Map<String, String> env, Path workingDir) {
        Map<String, String> merged = SettingSources.merge(flags, env, workingDir);
        return SettingSources.toSettings(merged).toBuilder()
                .usage(UsageSettings.fromValues(merged, env, workingDir)).build();
    }

    /** A builder starting from the defaults (loopback, port 9998, OpenRouter, no keys). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().host(host).port(port).baseUrl(baseUrl).upstreamKey(upstreamKey).clientKeys(clientKeys)
                .allowAnonymous(allowAnonymous).httpReferer(httpReferer).appTitle(appTitle).cachePolicy(cachePolicy)
                .modelsCacheTtl(modelsCacheTtl).maxBodyBytes(maxBodyBytes).maxBufferedBytes(maxBufferedBytes).connectTimeout(connectTimeout)
                .readTimeout(readTimeout).streamIdleTimeout(streamIdleTimeout).guard(guard)
                .resilience(resilience).usage(usage).redis(redis);
    }

    public AccessMode accessMode() {
        if (!clientKeys.isEmpty()) {
            return AccessMode.CLIENT_KEYS;
        }
        return upstreamKey == null ? AccessMode.PASS_THROUGH : AccessMode.ANONYMOUS;
    }

    /** The effective configuration, one key a line, with keys masked; safe to print and log. */
    public String describeMasked() {
        return SettingsDescription.describe(this);
    }

    /** The upstream base URL without user info, query or fragment: safe to show. */
    public String displayBaseUrl() {
        URI u = URI.create(baseUrl);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    static String normalizeBaseUrl(String url) {
        String s = url == null ? "" : url.trim();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        URI u;
        try {
            u = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(BASE_URL + " is not a valid URL");
        }
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                || u.getHost() == null) {
            throw new IllegalArgumentException(BASE_URL + " must be an http(s) URL such as " + DEFAULT_BASE_URL);
        }
        return s;
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The upstream base URL as configured, e.g. {@code https://openrouter.ai/api/v1} (no trailing slash). */
    public String baseUrl() {
        return baseUrl;
    }

    /** The key sent upstream, or null (pass-through mode). Never print it. */
    public String upstreamKey() {
        return upstreamKey;
    }

    public List<String> clientKeys() {
        return clientKeys;
    }

    public boolean allowAnonymous() {
        return allowAnonymous;
    }

    public String httpReferer() {
        return httpReferer;
    }

    public String appTitle() {
        return appTitle;
    }

    public CachePolicy cachePolicy() {
        return cachePolicy;
    }

    public Duration modelsCacheTtl() {
        return modelsCacheTtl;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The bound on body bytes held in memory at once: as configured, else 40% of the max heap. */
    public long maxBufferedBytes() {
        return maxBufferedBytes > 0 ? maxBufferedBytes : BodyBudget.defaultCapacity();
    }

    /** True when {@code PROXY_MAX_BUFFERED_BYTES} was set (else the heap decides). */
    public boolean maxBufferedBytesConfigured() {
        return maxBufferedBytes > 0;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public Duration streamIdleTimeout() {
        return streamIdleTimeout;
    }

    /** True unless {@code PROXY_ACCESS_LOG=off}. */
    public boolean accessLog() {
        return guard.accessLogFormat() != GuardSettings.AccessLogFormat.OFF;
    }

    /** Overload, limit, TLS, CORS and access-log settings. */
    public GuardSettings guard() {
        return guard;
    }

    /** The non-stream response timeout ({@code PROXY_RESPONSE_TIMEOUT}, alias {@code PROXY_READ_TIMEOUT}). */
    public Duration responseTimeout() {
        return readTimeout;
    }

    /** Retries, stream keep-alive and the SSE event limit. */
    public ResilienceSettings resilience() {
        return resilience;
    }

    /** The usage ledger: where it is kept ({@code PROXY_USAGE_DB}) and who may read reports. */
    public UsageSettings usage() {
        return usage;
    }

    /** Where limits shared by all replicas live ({@code PROXY_REDIS_URL}); off by default. */
    public RedisSettings redis() {
        return redis;
    }

    /** Builder for tests and embedders; {@link #build()} validates like {@link #load}. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String baseUrl = DEFAULT_BASE_URL;
        private String upstreamKey;
        private List<String> clientKeys = List.of();
        private boolean allowAnonymous;
        private String httpReferer;
        private String appTitle;
        private CachePolicy cachePolicy = CachePolicy.defaults();
        private Duration modelsCacheTtl = DEFAULT_MODELS_CACHE_TTL;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private long maxBufferedBytes;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration streamIdleTimeout = DEFAULT_STREAM_IDLE_TIMEOUT;
        private GuardSettings guard = GuardSettings.defaults();
        private ResilienceSettings resilience = ResilienceSettings.defaults();
        private UsageSettings usage = UsageSettings.defaults();
        private RedisSettings redis = RedisSettings.none();

        private Builder() {
        }

        /** The usage ledger (default: off for embedders and tests; {@link #load} defaults to a SQLite file). */
        public Builder usage(UsageSettings v) {
            this.usage = java.util.Objects.requireNonNull(v, "usage");
            return this;
        }

        /** Where the usage ledger lives ({@link UsageDb#OFF} to turn it off). */
        public Builder usageDb(UsageDb v) {
            return usage(usage.withDb(v));
        }

        /** Keys that may read {@code GET /v1/usage}. */
        public Builder adminKeys(List<String> v) {
            return usage(usage.withAdminKeys(v));
        }

        public Builder host(String v) {
            this.host = v;
            return this;
        }

        public Builder port(int v) {
            this.port = v;
            return this;
        }

        public Builder baseUrl(String v) {
            this.baseUrl = v;
            return this;
        }

        public Builder upstreamKey(String v) {
            this.upstreamKey = v;
            return this;
        }

        public Builder clientKeys(List<String> v) {
            this.clientKeys = List.copyOf(v);
            return this;
        }

        public Builder allowAnonymous(boolean v) {
            this.allowAnonymous = v;
            return this;
        }

        public Builder httpReferer(String v) {
            this.httpReferer = v;
            return this;
        }

        public Builder appTitle(String v) {
            this.appTitle = v;
            return this;
        }

        public Builder cachePolicy(CachePolicy v) {
            this.cachePolicy = v;
            return this;
        }

        public Builder modelsCacheTtl(Duration v) {
            this.modelsCacheTtl = v;
            return this;
        }

        public Builder maxBodyBytes(long v) {
            this.maxBodyBytes = v;
            return this;
        }

        /** Bound on body bytes held in memory at once; 0 = 40% of the max heap. */
        public Builder maxBufferedBytes(long v) {
            this.maxBufferedBytes = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            this.connectTimeout = v;
            return this;
        }

        public Builder readTimeout(Duration v) {
            this.readTimeout = v;
            return this;
        }

        public Builder streamIdleTimeout(Duration v) {
            this.streamIdleTimeout = v;
            return this;
        }

        public Builder redis(RedisSettings v) {
            this.redis = java.util.Objects.requireNonNull(v, "redis");
            return this;
        }

        public Builder resilience(ResilienceSettings v) {
            this.resilience = v;
            return this;
        }

        /** Same as {@link #readTimeout}. */
        public Builder responseTimeout(Duration v) {
            return readTimeout(v);
        }

        public Builder retries(int v) {
            return resilience(resilience.withRetries(v));
        }

        public Builder retryBaseBackoff(Duration v) {
            return resilience(resilience.withRetryBaseBackoff(v));
        }

        public Builder retryMaxBackoff(Duration v) {
            return resilience(resilience.withRetryMaxBackoff(v));
        }

        public Builder retryAfterCap(Duration v) {
            return resilience(resilience.withRetryAfterCap(v));
        }

        public Builder streamKeepAliveAfter(Duration v) {
            return resilience(resilience.withStreamKeepAliveAfter(v));
        }

        public Builder streamKeepAliveInterval(Duration v) {
            return resilience(resilience.withStreamKeepAliveInterval(v));
        }

        public Builder maxSseEventBytes(int v) {
            return resilience(resilience.withMaxSseEventBytes(v));
        }

        public Builder clientWatchAfter(Duration v) {
            return resilience(resilience.withClientWatchAfter(v));
        }

        /** Turns the access log off, or on in its current format (plain unless set to JSON). */
        public Builder accessLog(boolean v) {
            GuardSettings.AccessLogFormat f = guard.accessLogFormat();
            this.guard = guard.withAccessLogFormat(!v ? GuardSettings.AccessLogFormat.OFF
                    : f == GuardSettings.AccessLogFormat.OFF ? GuardSettings.AccessLogFormat.PLAIN : f);
            return this;
        }

        public Builder guard(GuardSettings v) {
            this.guard = java.util.Objects.requireNonNull(v, "guard");
            return this;
        }

        /** Validates and builds; throws {@link IllegalArgumentException} with a one-line message. */
        public ProxySettings build() {
            return new ProxySettings(this);
        }
    }
}
