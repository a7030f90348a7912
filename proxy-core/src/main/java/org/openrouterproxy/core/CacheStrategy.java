package org.openrouterproxy.core;

import java.util.Locale;

/** Where cache breakpoints go: {@code last-message} (default), {@code system-and-last}, or {@code off}. */
public enum CacheStrategy {
    LAST_MESSAGE("last-message"),
    SYSTEM_AND_LAST("system-and-last"),
    OFF("off");

    private final String configName;

    CacheStrategy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** Parses the configuration spelling; throws {@link IllegalArgumentException} naming the valid values. */
    public static CacheStrategy parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (CacheStrategy s : values()) {
            if (s.configName.equals(v)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "PROXY_CACHE_STRATEGY must be one of last-message, system-and-last, off; got '" + value + "'");
    }
}
