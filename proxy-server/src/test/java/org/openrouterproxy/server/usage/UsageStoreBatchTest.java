package org.openrouterproxy.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches of several sizes are stored whole, field by field, nulls included, as the report SQL reads them back.
 * PostgreSQL runs the same check in {@code UsagePostgresTest}.
 */
public class UsageStoreBatchTest {
    @TempDir
    Path dir;

    @Test
    void batchesAreStoredWholeFieldByField() throws Exception {
        UsageDb db = UsageDb.sqlite(dir.resolve("usage.db"));
        checkBatches(db);
    }

    /** Writes batches of 57, 25 and 3 records and reads every row back. */
    public static void checkBatches(UsageDb db) throws SQLException {
        List<UsageRecord> all = new ArrayList<>();
        try (UsageStore store = UsageStore.open(db)) {
            int n = 0;
            for (int size : new int[] {57, 25, 3}) {
                List<UsageRecord> batch = new ArrayList<>();
                List<UsageStore.PricedSaving> savings = new ArrayList<>();
                for (int i = 0; i < size; i++, n++) {
                    batch.add(record(n));
                    savings.add(n % 5 == 0 ? new UsageStore.PricedSaving(null, null)
                            : new UsageStore.PricedSaving(1_000L * n, -7L * n));
                }
                store.insert(batch, savings);
                all.addAll(batch);
            }
        }
        List<String> stored = new ArrayList<>();
        try (Connection c = UsageStore.connect(db);
             PreparedStatement ps = c.prepareStatement("SELECT ts_ms, request_id, key_id, model, route, status, stream,"
                     + " prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, cost_nanos,"
                     + " cost_without_cache_nanos, saving_nanos, marker_injected, upstream_ms, duration_ms"
                     + " FROM usage_records ORDER BY ts_ms");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int col = 1; col <= 17; col++) {
                    row.append(rs.getString(col)).append('|');
                }
                stored.add(row.toString());
            }
        }
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < all.size(); n++) {
            UsageRecord r = all.get(n);
            String saving = n % 5 == 0 ? "null|null|" : (1_000L * n) + "|" + (-7L * n) + "|";
            expected.add(r.timeMillis() + "|" + r.requestId() + "|" + r.keyId() + "|" + r.model() + "|" + r.route()
                    + "|" + r.status() + "|" + (r.stream() ? 1 : 0) + "|" + r.promptTokens() + "|"
                    + r.completionTokens() + "|" + r.cachedTokens() + "|" + r.cacheWriteTokens() + "|"
                    + (r.cost() == null ? "null" : Math.round(r.cost() * 1e9)) + "|" + saving
                    + (r.markerInjected() ? 1 : 0) + "|" + r.upstreamMillis() + "|" + r.durationMillis() + "|");
        }
        assertThat(stored).containsExactlyElementsOf(expected);
    }

    /** Creates database {@code name} on the PostgreSQL server of {@code db}. */
    public static void createDatabase(UsageDb db, String name) throws SQLException {
        try (Connection c = UsageStore.connect(db); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("CREATE DATABASE " + name);
        }
    }

    private static UsageRecord record(int n) {
        return new UsageRecord(1_796_550_643_000L + n, "gen-" + n, "key-" + (n % 3), n % 7 == 0 ? null : "model/" + n,
                n % 2 == 0 ? "chat" : "completions", 200 + n % 3, n % 2 == 1, 1000 + n, n, 10L * n, n % 4,
                n % 6 == 0 ? null : n / 1000.0, n % 3 == 0, n, 2L * n);
    }
}
