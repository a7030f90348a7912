package org.openrouterproxy.server;

import java.util.List;
import java.util.stream.Stream;

/** The configuration key names: the same spelling in flags, the environment, {@code .env} and the YAML file. */
public final class SettingKeys {
    public static final String UPSTREAM_KEY = "OPENROUTER_API_KEY";
    public static final String HOST = "OPENAI_PROXY_HOST";
    public static final String PORT = "OPENAI_PROXY_PORT";
    public static final String BASE_URL = "OPENROUTER_BASE_URL";
    public static final String CLIENT_KEYS = "PROXY_API_KEYS";
    public static final String HTTP_REFERER = "OPENROUTER_HTTP_REFERER";
    public static final String APP_TITLE = "OPENROUTER_APP_TITLE";
    public static final String CACHE_MODELS = "PROXY_CACHE_MODELS";
    public static final String CACHE_TTL = "PROXY_CACHE_TTL";
    public static final String CACHE_STRATEGY = "PROXY_CACHE_STRATEGY";
    public static final String MODELS_CACHE_TTL = "PROXY_MODELS_CACHE_TTL";
    public static final String ALLOW_ANONYMOUS = "PROXY_ALLOW_ANONYMOUS";
    public static final String MAX_BODY_BYTES = "PROXY_MAX_BODY_BYTES";
    /** Bound on all body bytes held in memory at once ({@link BodyBudget}); default 40% of the max heap. */
    public static final String MAX_BUFFERED_BYTES = "PROXY_MAX_BUFFERED_BYTES";
    public static final String CONNECT_TIMEOUT = "PROXY_CONNECT_TIMEOUT";
    public static final String READ_TIMEOUT = "PROXY_READ_TIMEOUT";
    public static final String STREAM_IDLE_TIMEOUT = "PROXY_STREAM_IDLE_TIMEOUT";
    public static final String ACCESS_LOG = "PROXY_ACCESS_LOG";
    /** Same as {@link #READ_TIMEOUT} (the name issue 5 uses); wins when both are set. */
    public static final String RESPONSE_TIMEOUT = "PROXY_RESPONSE_TIMEOUT";
    public static final String RETRIES = "PROXY_RETRIES";
    public static final String RETRY_BASE_BACKOFF = "PROXY_RETRY_BASE_BACKOFF";
    public static final String RETRY_MAX_BACKOFF = "PROXY_RETRY_MAX_BACKOFF";
    public static final String RETRY_AFTER_CAP = "PROXY_RETRY_AFTER_CAP";
    public static final String STREAM_KEEPALIVE_AFTER = "PROXY_STREAM_KEEPALIVE_AFTER";
    public static final String STREAM_KEEPALIVE_INTERVAL = "PROXY_STREAM_KEEPALIVE_INTERVAL";
    public static final String MAX_SSE_EVENT_BYTES = "PROXY_MAX_SSE_EVENT_BYTES";
    public static final String CLIENT_WATCH_AFTER = "PROXY_CLIENT_WATCH_AFTER";
    /** Names the YAML file; also accepted as the flag {@code config}. */
    public static final String CONFIG = "PROXY_CONFIG";

    /** Every key a configuration source may set, in the order {@code describeMasked()} prints them. */
    public static final List<String> ALL = Stream.concat(Stream.of(HOST, PORT, BASE_URL, UPSTREAM_KEY, CLIENT_KEYS,
            ALLOW_ANONYMOUS, HTTP_REFERER, APP_TITLE, CACHE_MODELS, CACHE_STRATEGY, CACHE_TTL, MODELS_CACHE_TTL,
            MAX_BODY_BYTES, CONNECT_TIMEOUT, READ_TIMEOUT, STREAM_IDLE_TIMEOUT, ACCESS_LOG, RESPONSE_TIMEOUT, RETRIES,
            RETRY_BASE_BACKOFF, RETRY_MAX_BACKOFF, RETRY_AFTER_CAP, STREAM_KEEPALIVE_AFTER, STREAM_KEEPALIVE_INTERVAL,
            MAX_SSE_EVENT_BYTES, CLIENT_WATCH_AFTER, MAX_BUFFERED_BYTES, CONFIG, RedisSettings.URL_KEY,
            RedisSettings.TIMEOUT_KEY), Stream.concat(GuardKeys.ALL.stream(), UsageKeys.ALL.stream())).toList();

    private SettingKeys() {
    }
}
