package org.openrouterproxy.server;

import static org.openrouterproxy.server.UsageKeys.ADMIN_KEYS;
import static org.openrouterproxy.server.UsageKeys.USAGE_DB;
import static org.openrouterproxy.server.UsageKeys.USAGE_QUEUE;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.openrouterproxy.server.usage.UsageDb;
import org.openrouterproxy.server.usage.UsageLedger;

/**
 * The usage ledger's settings: where it is kept, how many records may wait to be written, and the admin keys of
 * {@code GET /v1/usage}. Immutable. Programmatic settings ({@link #defaults()}) have the ledger off; {@code proxy
 * serve} defaults to a SQLite file under {@code $XDG_DATA_HOME} or {@code ~/.local/share} ({@link #defaultDb}).
 *
 * @param db            where the ledger lives, or {@link UsageDb#OFF}
 * @param queueCapacity records held in memory before new ones are dropped (and counted)
 * @param adminKeys     keys that may read {@code /v1/usage}; never printed
 */
public record UsageSettings(UsageDb db, int queueCapacity, List<String> adminKeys) {
    /** The file under the data directory that {@code proxy serve} uses when {@code PROXY_USAGE_DB} is not set. */
    public static final String DEFAULT_FILE = "openrouter-proxy/usage.db";

    public UsageSettings {
        Objects.requireNonNull(db, "db");
        adminKeys = List.copyOf(adminKeys);
        if (queueCapacity < 1 || queueCapacity > 1_000_000) {
            throw new IllegalArgumentException(USAGE_QUEUE + " must be 1..1000000; got '" + queueCapacity + "'");
        }
    }

    /** Ledger off, default queue, no admin keys. */
    public static UsageSettings defaults() {
        return new UsageSettings(UsageDb.OFF, UsageLedger.DEFAULT_QUEUE, List.of());
    }

    public UsageSettings withDb(UsageDb d) {
        return new UsageSettings(d, queueCapacity, adminKeys);
    }

    public UsageSettings withAdminKeys(List<String> keys) {
        return new UsageSettings(db, queueCapacity, keys);
    }

    public UsageSettings withQueueCapacity(int n) {
        return new UsageSettings(db, n, adminKeys);
    }

    /**
     * {@code $XDG_DATA_HOME/openrouter-proxy/usage.db}, else {@code $HOME/.local/share/openrouter-proxy/usage.db}
     * (both read from {@code env}); off when neither is set.
     */
    static UsageDb defaultDb(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return UsageDb.sqlite(Path.of(xdg).resolve(DEFAULT_FILE));
        }
        String home = env.get("HOME");
        if (home != null && !home.isBlank() && Path.of(home).isAbsolute()) {
            return UsageDb.sqlite(Path.of(home).resolve(".local/share").resolve(DEFAULT_FILE));
        }
        return UsageDb.OFF;
    }

    /** Reads the ledger keys of merged configuration values; unset {@code PROXY_USAGE_DB} means {@link #defaultDb}. */
    static UsageSettings fromValues(Map<String, String> v, Map<String, String> env, Path workingDir) {
        String db = v.get(USAGE_DB);
        String queue = v.get(USAGE_QUEUE);
        String admin = v.get(ADMIN_KEYS);
        return new UsageSettings(db == null || db.isBlank() ? defaultDb(env) : UsageDb.parse(db, workingDir),
                queue == null || queue.isBlank() ? UsageLedger.DEFAULT_QUEUE : positive(queue),
                admin == null ? List.of() : SettingValues.list(admin));
    }

    private static int positive(String value) {
        int n = SettingValues.count(USAGE_QUEUE, value);
        if (n < 1) {
            throw new IllegalArgumentException(USAGE_QUEUE + " must be 1..1000000; got '" + value + "'");
        }
        return n;
    }

    /** One line per key for {@code describeMasked()}: the password and the admin keys masked. */
    void describe(StringBuilder sb) {
        line(sb, USAGE_DB, db.toString());
        line(sb, USAGE_QUEUE, Integer.toString(queueCapacity));
        line(sb, ADMIN_KEYS, adminKeys.isEmpty() ? "(not set; GET /v1/usage answers 403)"
                : adminKeys.size() + " key(s), masked");
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format("  %-26s %s%n", key, value));
    }
}
