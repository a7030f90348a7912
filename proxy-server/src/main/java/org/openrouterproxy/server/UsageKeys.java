package org.openrouterproxy.server;

import java.util.List;

/** Configuration key names of the usage ledger and its report endpoint ({@link UsageSettings}). */
public final class UsageKeys {
    /** {@code off}, a SQLite file path ({@code sqlite:PATH} too) or {@code postgresql://user:pass@host:port/db}. */
    public static final String USAGE_DB = "PROXY_USAGE_DB";
    /** Records the ledger may hold in memory before it drops (and counts) new ones. */
    public static final String USAGE_QUEUE = "PROXY_USAGE_QUEUE";
    /** Keys that may read {@code GET /v1/usage}, comma-separated. */
    public static final String ADMIN_KEYS = "PROXY_ADMIN_KEYS";

    /** Every ledger key, in the order the settings description prints them. */
    public static final List<String> ALL = List.of(USAGE_DB, USAGE_QUEUE, ADMIN_KEYS);

    private UsageKeys() {
    }
}
