package org.openrouterproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.openrouterproxy.server.usage.UsageDb;
import org.openrouterproxy.server.usage.UsageStore;

import picocli.CommandLine;

/** {@code proxy serve} refuses a corrupt, locked or bad ledger with one line and exit code 2, before listening. */
class ServeLedgerStartTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int serve(String usageDb) {
        CommandLine c = new CommandLine(new ServeCommand(Map.of("PROXY_USAGE_DB", usageDb,
                "OPENROUTER_API_KEY", "sk-or-ledger-test"), dir));
        c.setOut(new PrintWriter(out, true));
        c.setErr(new PrintWriter(err, true));
        return c.execute("--port", "0", "--mock-upstream");
    }

    @Test
    void corruptFileStopsTheStartWithOneLine() throws Exception {
        Path file = dir.resolve("usage.db");
        Files.write(file, "not a database at all; ".repeat(200).getBytes());
        assertThat(serve(file.toString())).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(err.toString().strip()).startsWith("proxy serve: PROXY_USAGE_DB: cannot open the usage ledger at")
                .contains(file.toString()).contains("corrupt").doesNotContain("\n");
        assertThat(out.toString()).doesNotContain("listening");
    }

    @Test
    void fileLockedByAnotherConnectionStopsTheStartWithOneLine() throws Exception {
        Path file = dir.resolve("locked.db");
        UsageStore.open(UsageDb.sqlite(file)).close();
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = holder.createStatement()) {
            st.execute("PRAGMA locking_mode = EXCLUSIVE");
            holder.setAutoCommit(false);
            st.execute("INSERT INTO schema_version (version, description, applied_ms) VALUES (-1, 'lock', 0)");
            assertThat(serve("sqlite:" + file)).isEqualTo(ExitCodes.CONFIG_ERROR);
            holder.rollback();
        }
        assertThat(err.toString().strip()).contains("PROXY_USAGE_DB").contains("lock").doesNotContain("\n");
        assertThat(out.toString()).doesNotContain("listening");
    }

    @Test
    void invalidSettingIsExitCode2() {
        assertThat(serve("mysql://db/x")).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(err.toString().strip()).contains("PROXY_USAGE_DB must be off").doesNotContain("\n");
    }

    @Test
    void configurationPrintoutMasksThePostgresPassword() {
        assertThat(serve("postgresql://u:hunter2-secret@127.0.0.1:1/db")).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(out.toString()).contains("postgresql://u:***@127.0.0.1:1/db").doesNotContain("hunter2");
        assertThat(err.toString()).doesNotContain("hunter2").contains("PROXY_USAGE_DB");
    }
}
