package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.openrouterproxy.server.usage.UsageDb;
import org.openrouterproxy.server.usage.UsageStore;
import org.openrouterproxy.server.usage.UsageStoreBatchTest;

/**
 * The ledger on a real PostgreSQL (started from the Debian packages, never mocked): the same traffic through a
 * SQLite proxy and a PostgreSQL proxy gives the same reports; records survive a restart; an unreachable server is a
 * one-line start-up error without the password.
 */
class UsagePostgresTest {
    private static final String PASSWORD = "pg-pass-not-needed-0001";
    private static PostgresInstance pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresInstance.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    /** Mixed traffic: cached and uncached models, JSON and streams, two keys, an error, an embedding. */
    private static void traffic(ProxyFixture f) throws Exception {
        String k1 = ProxyFixture.CLIENT_KEY;
        for (boolean stream : new boolean[] {false, true}) {
            for (int i = 0; i < 2; i++) {
                assertThat(f.post("/v1/chat/completions", UsageLedgerTest.longConversation(
                        UsageLedgerTest.SONNET, stream), k1).statusCode()).isEqualTo(200);
            }
        }
        assertThat(f.post("/v1/chat/completions", UsageLedgerTest.longConversation(UsageLedgerTest.GPT, true),
                "second-key").statusCode()).isEqualTo(200);
        assertThat(f.post("/v1/chat/completions", ProxyFixture.chat("mock/error-402", "hi", false), "second-key")
                .statusCode()).isEqualTo(402);
        assertThat(f.post("/v1/embeddings", "{\"model\":\"mock/embed\",\"input\":[\"a\",\"b\"]}", k1).statusCode())
                .isEqualTo(200);
        assertThat(f.post("/v1/completions", "{\"model\":\"qwen/qwen3-coder\",\"prompt\":\"def f():\"}", k1)
                .statusCode()).isEqualTo(200);
        UsageLedgerTest.awaitRecords(f, 8);
    }

    private static JsonNode withoutPeriod(JsonNode report) {
        ObjectNode copy = report.deepCopy();
        copy.remove("from");
        copy.remove("to");
        return copy;
    }

    @Test
    void postgresqlAndSqliteGiveTheSameReportForTheSameTraffic() throws Exception {
        UsageDb pgDb = UsageDb.parse(pg.url(PASSWORD), dir);
        String period = "&from=2020-01-01&to=2099-12-31";
        List<String> groupings = List.of("key", "model", "day", "key,model", "model,day,key");
        List<JsonNode> sqliteReports = new java.util.ArrayList<>();
        try (ProxyFixture lite = UsageLedgerTest.start(UsageDb.sqlite(dir.resolve("usage.db")),
                List.of(UsageLedgerTest.ADMIN_KEY))) {
            traffic(lite);
            for (String g : groupings) {
                sqliteReports.add(UsageLedgerTest.report(lite, "?group_by=" + g + period, UsageLedgerTest.ADMIN_KEY));
            }
        }
        try (ProxyFixture first = UsageLedgerTest.start(pgDb, List.of(UsageLedgerTest.ADMIN_KEY))) {
            traffic(first);
        }
        try (ProxyFixture restarted = UsageLedgerTest.start(pgDb, List.of(UsageLedgerTest.ADMIN_KEY))) {
            for (int i = 0; i < groupings.size(); i++) {
                JsonNode fromPg = UsageLedgerTest.report(restarted, "?group_by=" + groupings.get(i) + period,
                        UsageLedgerTest.ADMIN_KEY);
                assertThat(fromPg).as(groupings.get(i)).isEqualTo(sqliteReports.get(i));
            }
            JsonNode byModel = sqliteReports.get(1);
            assertThat(byModel.path("rows")).hasSize(5);
            assertThat(byModel.at("/totals/requests").asLong()).isEqualTo(8);
            assertThat(byModel.at("/totals/saved").decimalValue()).isPositive();
            assertThat(byModel.at("/totals/saving_unknown_requests").asLong()).as("mock/embed and mock/error-402 "
                    + "are not in the models list").isEqualTo(2);
        }
    }

    @Test
    void batchesAreStoredWholeFieldByField() throws Exception {
        UsageStoreBatchTest.createDatabase(UsageDb.parse(pg.url(PASSWORD), dir), "batch_check");
        UsageStoreBatchTest.checkBatches(UsageDb.parse(pg.url(PASSWORD).replace("/postgres", "/batch_check"), dir));
    }

    @Test
    void theWriterReconnectsAfterPostgresRestarts() throws Exception {
        try (ProxyFixture f = UsageLedgerTest.start(UsageDb.parse(pg.url(PASSWORD), dir),
                List.of(UsageLedgerTest.ADMIN_KEY))) {
            long before = f.proxy.components().ledger().written();
            assertThat(f.post("/v1/chat/completions", ProxyFixture.chat("openai/gpt-4o", "one", false),
                    ProxyFixture.CLIENT_KEY).statusCode()).isEqualTo(200);
            UsageLedgerTest.awaitRecords(f, before + 1);
            pg.restart();
            assertThat(f.post("/v1/chat/completions", ProxyFixture.chat("openai/gpt-4o", "two", true),
                    ProxyFixture.CLIENT_KEY).statusCode()).isEqualTo(200);
            UsageLedgerTest.awaitRecords(f, before + 2);
            assertThat(f.proxy.components().ledger().dropped()).isZero();
            assertThat(f.proxy.components().ledger().writeErrors()).as("the old connection failed once")
                    .isPositive();
        }
    }

    @Test
    void unreachablePostgresIsAOneLineErrorWithoutThePassword() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        UsageDb nowhere = UsageDb.parse("postgresql://ledger:" + PASSWORD + "@127.0.0.1:" + closedPort + "/x", dir);
        assertThatThrownBy(() -> UsageStore.open(nowhere)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("PROXY_USAGE_DB: cannot open the usage ledger at postgresql://ledger:***@")
                .hasMessageNotContaining(PASSWORD).hasMessageNotContaining("\n");
        assertThat(UsageDb.parse(pg.url(PASSWORD), dir).toString()).doesNotContain(PASSWORD);
    }
}
