package org.openrouterproxy.server.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versioned migrations on SQLite; the same code runs on PostgreSQL in {@code UsagePostgresTest}. */
class UsageSchemaTest {
    @TempDir
    Path dir;

    @Test
    void migratesOnceAndRecordsTheVersion() throws Exception {
        UsageDb db = UsageDb.sqlite(dir.resolve("sub/dir/usage.db"));
        UsageStore.open(db).close();
        try (Connection c = UsageStore.connect(db)) {
            assertThat(UsageSchema.migrate(c, db.kind())).as("already up to date").isZero();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version, description FROM schema_version")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo("V1__usage_records.sql");
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
        }
    }

    @Test
    void refusesADatabaseFromANewerProxy() throws Exception {
        UsageDb db = UsageDb.sqlite(dir.resolve("usage.db"));
        UsageStore.open(db).close();
        try (Connection c = UsageStore.connect(db); Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version (version, description, applied_ms) VALUES (99, 'future', 0)");
        }
        assertThatThrownBy(() -> UsageStore.open(db)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema version 99").hasMessageNotContaining("\n");
    }

    @Test
    void corruptOrUnwritableFilesGiveOneLineErrors() throws Exception {
        Path corrupt = dir.resolve("corrupt.db");
        Files.write(corrupt, "this is not a database, just some text that is long enough".repeat(40).getBytes());
        assertThatThrownBy(() -> UsageStore.open(UsageDb.sqlite(corrupt))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PROXY_USAGE_DB").hasMessageContaining(corrupt.toString())
                .hasMessageContaining("corrupt").hasMessageNotContaining("\n");
        Path directory = Files.createDirectory(dir.resolve("a-directory.db"));
        assertThatThrownBy(() -> UsageStore.open(UsageDb.sqlite(directory)))
                .hasMessageContaining("not a writable file");
    }

    @Test
    void splitsScriptsIntoStatements() {
        assertThat(UsageSchema.statements("-- c\nCREATE TABLE a (x INT);\nCREATE INDEX i ON a (x);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)");
    }
}
