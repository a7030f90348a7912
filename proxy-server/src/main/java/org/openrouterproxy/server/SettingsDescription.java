package org.openrouterproxy.server;

import static org.openrouterproxy.server.SettingKeys.ACCESS_LOG;
import static org.openrouterproxy.server.SettingKeys.APP_TITLE;
import static org.openrouterproxy.server.SettingKeys.BASE_URL;
import static org.openrouterproxy.server.SettingKeys.CACHE_MODELS;
import static org.openrouterproxy.server.SettingKeys.CACHE_STRATEGY;
import static org.openrouterproxy.server.SettingKeys.CACHE_TTL;
import static org.openrouterproxy.server.SettingKeys.CLIENT_KEYS;
import static org.openrouterproxy.server.SettingKeys.CONNECT_TIMEOUT;
import static org.openrouterproxy.server.SettingKeys.HOST;
import static org.openrouterproxy.server.SettingKeys.HTTP_REFERER;
import static org.openrouterproxy.server.SettingKeys.MAX_BODY_BYTES;
import static org.openrouterproxy.server.SettingKeys.MODELS_CACHE_TTL;
import static org.openrouterproxy.server.SettingKeys.PORT;
import static org.openrouterproxy.server.SettingKeys.READ_TIMEOUT;
import static org.openrouterproxy.server.SettingKeys.STREAM_IDLE_TIMEOUT;
import static org.openrouterproxy.server.SettingKeys.UPSTREAM_KEY;

/** Renders {@link ProxySettings} for people: one key a line, secrets reduced to "set (N chars, masked)". */
final class SettingsDescription {
    private SettingsDescription() {
    }

    static String describe(ProxySettings s) {
        StringBuilder sb = new StringBuilder();
        line(sb, HOST, s.host());
        line(sb, PORT, Integer.toString(s.port()));
        line(sb, BASE_URL, s.displayBaseUrl());
        line(sb, UPSTREAM_KEY, s.upstreamKey() == null ? "(not set)" : mask(s.upstreamKey()));
        line(sb, CLIENT_KEYS, s.clientKeys().isEmpty() ? "(not set)" : s.clientKeys().size() + " key(s), masked");
        line(sb, "access mode", switch (s.accessMode()) {
            case CLIENT_KEYS -> "client keys required; upstream gets " + UPSTREAM_KEY;
            case PASS_THROUGH -> "pass-through: each client's own bearer token goes upstream";
            case ANONYMOUS -> "no client keys" + (s.allowAnonymous() && !ProxySettings.isLoopback(s.host())
                    ? " (ANONYMOUS ACCESS ALLOWED ON A NON-LOOPBACK BIND)" : "; loopback only");
        });
        line(sb, HTTP_REFERER, s.httpReferer() == null ? "(not set)" : s.httpReferer());
        line(sb, APP_TITLE, s.appTitle() == null ? "(not set)" : s.appTitle());
        line(sb, CACHE_MODELS, String.join(",", s.cachePolicy().modelGlobs()));
        line(sb, CACHE_STRATEGY, s.cachePolicy().strategy().configName());
        line(sb, CACHE_TTL, s.cachePolicy().ttl());
        line(sb, MODELS_CACHE_TTL, s.modelsCacheTtl().toString());
        line(sb, MAX_BODY_BYTES, Long.toString(s.maxBodyBytes()));
        line(sb, SettingKeys.MAX_BUFFERED_BYTES, s.maxBufferedBytes() + (s.maxBufferedBytesConfigured() ? ""
                : " (40% of the max heap)"));
        line(sb, CONNECT_TIMEOUT, s.connectTimeout().toString());
        line(sb, READ_TIMEOUT, s.readTimeout().toString());
        line(sb, STREAM_IDLE_TIMEOUT, s.streamIdleTimeout().toString());
        line(sb, ACCESS_LOG, s.guard().accessLogFormat().name().toLowerCase(java.util.Locale.ROOT));
        s.resilience().describe(sb);
        s.guard().describe(sb);
        s.usage().describe(sb);
        s.redis().describe(sb);
        return sb.toString();
    }

    /** "set (N chars, masked)": never any character of the secret itself. */
    static String mask(String secret) {
        return "set (" + secret.length() + " chars, masked)";
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format("  %-26s %s%n", key, value));
    }
}
