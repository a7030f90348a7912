package org.openrouterproxy.server.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The ledger's database: opened and migrated once at start-up ({@link #open}), then written by the one writer
 * thread ({@link #insert}) and read by reports ({@link #report}, each on a connection of its own). SQLite runs in
 * WAL mode with {@code synchronous=NORMAL}: a committed batch survives a killed process.
 */
public final class UsageStore implements AutoCloseable {
    /** How long SQLite waits for another connection's lock before failing. */
    static final int BUSY_TIMEOUT_MS = 2_000;
    private static final String INSERT = "INSERT INTO usage_records (ts_ms, request_id, key_id, model, route, status,"
            + " stream, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, cost_nanos,"
            + " cost_without_cache_nanos, saving_nanos, marker_injected, upstream_ms, duration_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final UsageDb db;
    private Connection writer;
    private PreparedStatement insert;
    /** The last write failed: the next one starts on a new connection (PostgreSQL restarted, network blip). */
    private boolean reconnect;

    private UsageStore(UsageDb db, Connection writer) {
        this.db = db;
        this.writer = writer;
    }

    /**
     * Opens the database and applies pending migrations.
     *
     * @throws IllegalArgumentException with a one-line message when the file is corrupt, locked or not writable, or
     *                                  PostgreSQL cannot be reached (never containing the password)
     */
    public static UsageStore open(UsageDb db) {
        if (db.isOff()) {
            throw new IllegalArgumentException(UsageDb.KEY + " is off");
        }
        Connection c = null;
        try {
            if (db.kind() == UsageDb.Kind.SQLITE) {
                prepareFile(db.file());
            }
            c = connect(db);
            UsageSchema.migrate(c, db.kind());
            return new UsageStore(db, c);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException(UsageDb.KEY + ": cannot open the usage ledger at " + db + ": "
                    + reason(e));
        }
    }

    private static void prepareFile(Path file) {
        try {
            Path dir = file.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(UsageDb.KEY + ": cannot create the directory of " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (Files.exists(file) && (!Files.isRegularFile(file) || !Files.isWritable(file))) {
            throw new IllegalArgumentException(UsageDb.KEY + ": " + file + " is not a writable file");
        }
    }

    /** A new connection, configured: WAL, busy timeout and synchronous=NORMAL for SQLite. */
    static Connection connect(UsageDb db) throws SQLException {
        Properties p = new Properties();
        p.putAll(db.properties());
        Connection c = DriverManager.getConnection(db.jdbcUrl(), p);
        if (db.kind() == UsageDb.Kind.SQLITE) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                    if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                        throw new SQLException("could not switch to WAL mode");
                    }
                }
                st.execute("PRAGMA synchronous = NORMAL");
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
        }
        return c;
    }

    /** One line: the driver's first message line, with a hint for the common SQLite failures. */
    static String reason(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl).strip();
        }
        if (m.contains("SQLITE_NOTADB") || m.contains("SQLITE_CORRUPT")) {
            return m + " - the file is corrupt or not a SQLite database; move it away or point " + UsageDb.KEY
                    + " elsewhere";
        }
        if (m.contains("SQLITE_BUSY") || m.contains("SQLITE_LOCKED")) {
            return m + " - another process holds a lock on it";
        }
        return m;
    }

    /**
     * Writes {@code batch} in one transaction (the writer thread only). After a failure the next call reconnects
     * (and re-applies migrations, a no-op unless the database was recreated).
     */
    void insert(List<UsageRecord> batch, List<PricedSaving> savings) throws SQLException {
        if (reconnect) {
            closeWriter();
            writer = connect(db);
            UsageSchema.migrate(writer, db.kind());
            reconnect = false;
        }
        if (insert == null) {
            insert = writer.prepareStatement(INSERT);
        }
        try {
            for (int i = 0; i < batch.size(); i++) {
                bind(insert, batch.get(i), savings.get(i));
                insert.addBatch();
            }
            insert.executeBatch();
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            reconnect = true;
            try {
                insert.clearBatch();
                writer.rollback();
            } catch (SQLException ignored) {
                // reported through the original failure
            }
            throw e;
        }
    }

    private static void bind(PreparedStatement ps, UsageRecord r, PricedSaving s) throws SQLException {
        ps.setLong(1, r.timeMillis());
        ps.setString(2, cut(r.requestId(), 128));
        ps.setString(3, cut(r.keyId(), 64));
        ps.setString(4, r.model() == null ? null : cut(r.model(), 200));
        ps.setString(5, cut(r.route(), 16));
        ps.setInt(6, r.status());
        ps.setShort(7, (short) (r.stream() ? 1 : 0));
        ps.setLong(8, r.promptTokens());
        ps.setLong(9, r.completionTokens());
        ps.setLong(10, r.cachedTokens());
        ps.setLong(11, r.cacheWriteTokens());
        nullableLong(ps, 12, r.cost() == null || !Double.isFinite(r.cost()) ? null : Math.round(r.cost() * 1e9));
        nullableLong(ps, 13, s == null ? null : s.costWithoutCacheNanos());
        nullableLong(ps, 14, s == null ? null : s.savingNanos());
        ps.setShort(15, (short) (r.markerInjected() ? 1 : 0));
        ps.setLong(16, r.upstreamMillis());
        ps.setLong(17, r.durationMillis());
    }

    private static void nullableLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static String cut(String s, int max) {
        return s == null ? "-" : s.length() <= max ? s : s.substring(0, max);
    }

    /** Aggregates the records of {@code q} in SQL (same statement and semantics on SQLite and PostgreSQL). */
    public UsageReport report(UsageQuery q) {
        return report(db, q);
    }

    /** Runs a report on a connection of its own; usable without a writer (e.g. {@code proxy usage --db}). */
    public static UsageReport report(UsageDb db, UsageQuery q) {
        try (Connection c = connect(db); PreparedStatement ps = c.prepareStatement(UsageReport.sql(q.groupBy()))) {
            ps.setLong(1, q.from().toEpochMilli());
            ps.setLong(2, q.to().toEpochMilli());
            List<UsageReport.Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(UsageReport.row(rs, q.groupBy()));
                }
            }
            return UsageReport.of(q, rows);
        } catch (SQLException e) {
            String m = reason(e);
            if (m.contains("no such table")) {
                return UsageReport.of(q, List.of());
            }
            throw new IllegalStateException("usage report failed on " + db + ": " + m);
        }
    }

    public UsageDb db() {
        return db;
    }

    @Override
    public void close() {
        closeWriter();
    }

    private void closeWriter() {
        if (insert != null) {
            try {
                insert.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
            insert = null;
        }
        closeQuietly(writer);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to do
        }
    }

    /** What caching saved on one record, in nano-USD; null fields when the pricing was unknown. */
    record PricedSaving(Long costWithoutCacheNanos, Long savingNanos) {
    }
}
