package org.openrouterproxy.server.usage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations, a small Flyway equivalent: numbered SQL files
 * ({@code V<n>__<what>.sql} resources beside this class, listed in {@link #MIGRATIONS}) are applied in order,
 * each recorded in {@code schema_version}, all pending ones in one transaction (PostgreSQL also takes an advisory
 * lock, so replicas starting together migrate once). A database newer than this build is refused.
 */
final class UsageSchema {
    /** Every migration, oldest first; append, never edit one that shipped. */
    static final List<String> MIGRATIONS = List.of("V1__usage_records.sql");
    private static final long PG_LOCK_ID = 0x6f72_7078_7573_6701L;

    private UsageSchema() {
    }

    /** The newest schema version this build knows. */
    static int latest() {
        return version(MIGRATIONS.get(MIGRATIONS.size() - 1));
    }

    /** Brings the schema up to date; returns the number of migrations applied. Leaves auto-commit off. */
    static int migrate(Connection c, UsageDb.Kind kind) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            if (kind == UsageDb.Kind.POSTGRESQL) {
                st.execute("SELECT pg_advisory_xact_lock(" + PG_LOCK_ID + ")");
            }
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                    + "description VARCHAR(200) NOT NULL, applied_ms BIGINT NOT NULL)");
            int current = current(st);
            if (current > latest()) {
                throw new SQLException("the usage ledger has schema version " + current + ", newer than this proxy "
                        + "knows (" + latest() + "); use a newer proxy or another " + UsageDb.KEY);
            }
            int applied = 0;
            for (String m : MIGRATIONS) {
                int v = version(m);
                if (v <= current) {
                    continue;
                }
                for (String sql : statements(read(m))) {
                    st.execute(sql);
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_ms) VALUES (?, ?, ?)")) {
                    ps.setInt(1, v);
                    ps.setString(2, m);
                    ps.setLong(3, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                applied++;
            }
            c.commit();
            return applied;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the original failure is what matters
            }
            throw e;
        }
    }

    static int current(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    static int version(String migration) {
        return Integer.parseInt(migration.substring(1, migration.indexOf("__")));
    }

    /** The statements of a migration file: split at semicolons ending a line; {@code --} comment lines dropped. */
    static List<String> statements(String script) {
        StringBuilder all = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                all.append(line).append('\n');
            }
        }
        return java.util.Arrays.stream(all.toString().split(";\\s*\n")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(s -> s.endsWith(";") ? s.substring(0, s.length() - 1) : s).toList();
    }

    private static String read(String migration) {
        try (InputStream in = UsageSchema.class.getResourceAsStream(migration)) {
            if (in == null) {
                throw new IllegalStateException("migration " + migration + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + migration, e);
        }
    }
}
