package org.openrouterproxy.server;

import java.util.List;

/** Configuration key names of the overload, limit and security settings ({@link GuardSettings}). */
public final class GuardKeys {
    public static final String MAX_CONCURRENT = "PROXY_MAX_CONCURRENT";
    public static final String RATE_LIMIT_RPM = "PROXY_RATE_LIMIT_RPM";
    public static final String RATE_LIMITS = "PROXY_RATE_LIMITS";
    public static final String MAX_HEADER_BYTES = "PROXY_MAX_HEADER_BYTES";
    public static final String BODY_READ_TIMEOUT = "PROXY_BODY_READ_TIMEOUT";
    public static final String SHUTDOWN_GRACE = "PROXY_SHUTDOWN_GRACE";
    public static final String TLS_CERT = "PROXY_TLS_CERT";
    public static final String TLS_KEY = "PROXY_TLS_KEY";
    public static final String TLS_KEYSTORE = "PROXY_TLS_KEYSTORE";
    public static final String TLS_KEYSTORE_PASSWORD = "PROXY_TLS_KEYSTORE_PASSWORD";
    public static final String CORS_ORIGINS = "PROXY_CORS_ORIGINS";

    /** Every guard key, in the order the settings description prints them. */
    public static final List<String> ALL = List.of(MAX_CONCURRENT, RATE_LIMIT_RPM, RATE_LIMITS, MAX_HEADER_BYTES,
            BODY_READ_TIMEOUT, SHUTDOWN_GRACE, TLS_CERT, TLS_KEY, TLS_KEYSTORE, TLS_KEYSTORE_PASSWORD, CORS_ORIGINS);

    private GuardKeys() {
    }
}
