package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.JSON;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.openrouterproxy.server.mock.MockOptions;
import org.openrouterproxy.server.usage.UsageDb;

/**
 * End to end with the fake upstream and a SQLite ledger in a temp dir: records written for JSON and streamed answers
 * (usage from the final SSE chunk), the cache saving, the report endpoint's access rules and parameters, restarts.
 */
class UsageLedgerTest {
    static final String ADMIN_KEY = "proxy-admin-key-0001";
    static final String SONNET = "anthropic/claude-sonnet-4.5";
    static final String GPT = "openai/gpt-4o";

    @TempDir
    Path dir;
    private ProxyFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    static ProxyFixture start(UsageDb db, List<String> adminKeys) {
        return new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(ProxyFixture.UPSTREAM_KEY)
                .clientKeys(List.of(ProxyFixture.CLIENT_KEY, "second-key")).usageDb(db).adminKeys(adminKeys));
    }

    private ProxyFixture start() {
        f = start(UsageDb.sqlite(dir.resolve("usage.db")), List.of(ADMIN_KEY));
        return f;
    }

    /** A system prompt long enough to be cached (over the simulated 1024-token minimum), then a question. */
    static String longConversation(String model, boolean stream) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.put("stream", stream);
        var msgs = body.putArray("messages");
        msgs.addObject().put("role", "system").put("content", "You are a careful reviewer. " + "Rule. ".repeat(3000));
        msgs.addObject().put("role", "user").put("content", "What changed in the diff?");
        return body.toString();
    }

    static JsonNode report(ProxyFixture f, String query, String key) throws Exception {
        HttpResponse<String> r = f.get("/v1/usage" + query, key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.path("object").asText()).isEqualTo("usage.report");
        return n;
    }

    /** Waits until the ledger wrote {@code n} records (it writes asynchronously). */
    static void awaitRecords(ProxyFixture f, long n) throws Exception {
        assertThat(Eventually.holds(() -> f.proxy.components().ledger().written() >= n, Duration.ofSeconds(10)))
                .as("ledger wrote %d records", n).isTrue();
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void longConversationSentTwiceShowsCachedTokensAndAPositiveSaving(boolean stream) throws Exception {
        start();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = f.post("/v1/chat/completions", longConversation(SONNET, stream),
                    ProxyFixture.CLIENT_KEY);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        awaitRecords(f, 2);
        JsonNode rep = report(f, "?group_by=key,model", ADMIN_KEY);
        assertThat(rep.path("rows")).hasSize(1);
        JsonNode row = rep.path("rows").get(0);
        assertThat(row.path("key").asText()).isEqualTo(ClientAuth.keyId(ProxyFixture.CLIENT_KEY));
        assertThat(row.path("model").asText()).isEqualTo(SONNET);
        assertThat(row.path("requests").asLong()).isEqualTo(2);
        assertThat(row.path("cached_tokens").asLong()).isPositive();
        assertThat(row.path("cache_write_tokens").asLong()).isPositive();
        assertThat(row.path("cached_share").asDouble()).isBetween(0.3, 0.6);
        assertThat(row.path("cost").decimalValue()).isPositive();
        assertThat(row.path("saved").decimalValue()).as("reads at 0.1x outweigh the write premium").isPositive();
        assertThat(row.path("saving_unknown_requests").asLong()).isZero();
        assertThat(rep.path("totals").path("saved")).isEqualTo(row.path("saved"));
        assertThat(rep.path("group_by").asText()).isEqualTo("key,model");
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void modelWithoutMarkersShowsNoSaving(boolean stream) throws Exception {
        start();
        for (int i = 0; i < 2; i++) {
            assertThat(f.post("/v1/chat/completions", longConversation(GPT, stream), ProxyFixture.CLIENT_KEY)
                    .statusCode()).isEqualTo(200);
        }
        awaitRecords(f, 2);
        JsonNode row = report(f, "?group_by=model", ADMIN_KEY).path("rows").get(0);
        assertThat(row.path("model").asText()).isEqualTo(GPT);
        assertThat(row.path("cached_tokens").asLong()).isZero();
        assertThat(row.path("prompt_tokens").asLong()).isPositive();
        assertThat(row.path("saved").decimalValue()).isZero();
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void ledgerSurvivesARestartAndNeverHoldsTheKey(boolean stream) throws Exception {
        Path file = dir.resolve("usage.db");
        start();
        assertThat(f.post("/v1/chat/completions", longConversation(SONNET, stream), ProxyFixture.CLIENT_KEY)
                .statusCode()).isEqualTo(200);
        assertThat(f.post("/v1/embeddings", "{\"model\":\"mock/embed\",\"input\":\"hello\"}", "second-key")
                .statusCode()).isEqualTo(200);
        f.close();
        f = start(UsageDb.sqlite(file), List.of(ADMIN_KEY));
        JsonNode rep = report(f, "?group_by=key", ADMIN_KEY);
        assertThat(rep.path("totals").path("requests").asLong()).isEqualTo(2);
        assertThat(rep.path("rows")).hasSize(2);
        f.close();
        f = null;
        for (Path p : List.of(file, dir.resolve("usage.db-wal"))) {
            if (Files.exists(p)) {
                String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                assertThat(bytes).doesNotContain(ProxyFixture.CLIENT_KEY).doesNotContain("second-key")
                        .doesNotContain(ProxyFixture.UPSTREAM_KEY).doesNotContain(ADMIN_KEY);
                assertThat(bytes).contains(ClientAuth.keyId(ProxyFixture.CLIENT_KEY));
            }
        }
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void upstreamErrorsAreRecordedWithTheirStatusButModelsListingIsNot(boolean stream) throws Exception {
        start();
        assertThat(f.get("/v1/models", ProxyFixture.CLIENT_KEY).statusCode()).isEqualTo(200);
        HttpResponse<String> r = f.post("/v1/chat/completions", ProxyFixture.chat("mock/error-402", "hi", stream),
                ProxyFixture.CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(402);
        awaitRecords(f, 1);
        JsonNode rep = report(f, "?group_by=model", ADMIN_KEY);
        assertThat(rep.path("totals").path("requests").asLong()).isEqualTo(1);
        assertThat(rep.path("rows").get(0).path("model").asText()).isEqualTo("mock/error-402");
        assertThat(f.proxy.components().ledger().written()).isEqualTo(1);
    }

    /** The rows of the SQLite ledger, read directly (after the ledger wrote them). */
    private List<java.util.Map<String, Object>> rows() throws Exception {
        List<java.util.Map<String, Object>> out = new java.util.ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("usage.db"));
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT * FROM usage_records ORDER BY ts_ms")) {
            while (rs.next()) {
                java.util.Map<String, Object> row = new java.util.HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void recordsCarryTheExchangeFields(boolean stream) throws Exception {
        start();
        HttpResponse<String> marked = f.post("/v1/chat/completions", longConversation(SONNET, stream),
                ProxyFixture.CLIENT_KEY);
        HttpResponse<String> unmarked = f.post("/v1/chat/completions", longConversation(GPT, stream), "second-key");
        awaitRecords(f, 2);
        List<java.util.Map<String, Object>> rows = rows();
        assertThat(rows).hasSize(2);
        java.util.Map<String, Object> a = rows.get(0);
        assertThat(a.get("request_id")).isEqualTo(marked.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.get("key_id")).isEqualTo(ClientAuth.keyId(ProxyFixture.CLIENT_KEY));
        assertThat(a.get("route")).isEqualTo("chat");
        assertThat(((Number) a.get("status")).intValue()).isEqualTo(200);
        assertThat(((Number) a.get("stream")).intValue()).isEqualTo(stream ? 1 : 0);
        assertThat(((Number) a.get("marker_injected")).intValue()).isEqualTo(1);
        assertThat(((Number) a.get("cache_write_tokens")).longValue()).isPositive();
        assertThat(((Number) a.get("cost_nanos")).longValue()).isPositive();
        assertThat(((Number) a.get("saving_nanos")).longValue()).as("a cache write costs 1.25x").isNegative();
        assertThat(((Number) a.get("upstream_ms")).longValue()).isNotNegative();
        java.util.Map<String, Object> b = rows.get(1);
        assertThat(b.get("request_id")).isEqualTo(unmarked.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(b.get("model")).isEqualTo(GPT);
        assertThat(((Number) b.get("marker_injected")).intValue()).isZero();
        assertThat(((Number) b.get("saving_nanos")).longValue()).isZero();
    }

    @Test
    void clientLeavingMidStreamIsRecordedAs499() throws Exception {
        start();
        String body = ProxyFixture.chat("mock/slow", "long story", true);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", f.proxy.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nAuthorization: Bearer " + ProxyFixture.CLIENT_KEY
                    + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            byte[] buf = new byte[4096];
            while (!seen.toString().contains("chat.completion.chunk")) {
                int n = s.getInputStream().read(buf);
                assertThat(n).isPositive();
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        }
        awaitRecords(f, 1);
        java.util.Map<String, Object> row = rows().get(0);
        assertThat(((Number) row.get("status")).intValue()).isEqualTo(499);
        assertThat(row.get("model")).isEqualTo("mock/slow");
    }

    @Test
    void groupsByDayInUtcAndHonoursFromAndTo() throws Exception {
        start();
        assertThat(f.post("/v1/chat/completions", longConversation(SONNET, false), ProxyFixture.CLIENT_KEY)
                .statusCode()).isEqualTo(200);
        awaitRecords(f, 1);
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        JsonNode rep = report(f, "?group_by=day&from=" + today + "&to=" + today, ADMIN_KEY);
        assertThat(rep.path("rows")).hasSize(1);
        assertThat(rep.path("rows").get(0).path("day").asText()).isEqualTo(today);
        assertThat(rep.path("rows").get(0).has("key")).isFalse();
        JsonNode old = report(f, "?from=2020-01-01&to=2020-01-31T00:00:00Z", ADMIN_KEY);
        assertThat(old.path("rows")).isEmpty();
        assertThat(old.path("totals").path("requests").asLong()).isZero();
        assertThat(old.path("totals").path("saved").isNull()).isTrue();
    }

    @Test
    void badParametersGet400NamingTheParameter() throws Exception {
        start();
        String[][] cases = {{"?from=yesterday", "'from'"}, {"?to=2026-13-01", "'to'"},
            {"?group_by=user", "'group_by'"}, {"?group_by=key,key", "'group_by'"},
            {"?from=2026-12-02&to=2026-12-01", "'from'"}};
        for (String[] c : cases) {
            HttpResponse<String> r = f.get("/v1/usage" + c[0], ADMIN_KEY);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            JsonNode err = JSON.readTree(r.body()).path("error");
            assertThat(err.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(err.path("message").asText()).as(c[0]).contains(c[1]);
        }
    }

    @Test
    void clientKeysGet403AndNoKey401() throws Exception {
        start();
        HttpResponse<String> client = f.get("/v1/usage", ProxyFixture.CLIENT_KEY);
        assertThat(client.statusCode()).isEqualTo(403);
        assertThat(client.body()).contains("PROXY_ADMIN_KEYS").doesNotContain(ProxyFixture.CLIENT_KEY);
        assertThat(f.get("/v1/usage", null).statusCode()).isEqualTo(401);
        assertThat(f.get("/v1/usage", "wrong").statusCode()).isEqualTo(403);
    }

    @Test
    void withoutAdminKeysTheEndpointSays403AndHowToSetThem() throws Exception {
        f = start(UsageDb.sqlite(dir.resolve("usage.db")), List.of());
        HttpResponse<String> r = f.get("/v1/usage", ProxyFixture.CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).at("/error/message").asText()).contains("set PROXY_ADMIN_KEYS");
    }

    @Test
    void ledgerOffAnswers404AndRecordsNothing() throws Exception {
        f = start(UsageDb.OFF, List.of(ADMIN_KEY));
        assertThat(f.post("/v1/chat/completions", longConversation(SONNET, false), ProxyFixture.CLIENT_KEY)
                .statusCode()).isEqualTo(200);
        HttpResponse<String> r = f.get("/v1/usage", ADMIN_KEY);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("PROXY_USAGE_DB=off");
        assertThat(f.get("/metrics", null).body()).doesNotContain("proxy_usage_records_total");
        assertThat(dir.resolve("usage.db")).doesNotExist();
    }

    @Test
    void metricsCountRecords() throws Exception {
        start();
        assertThat(f.post("/v1/chat/completions", longConversation(SONNET, false), ProxyFixture.CLIENT_KEY)
                .statusCode()).isEqualTo(200);
        awaitRecords(f, 1);
        String metrics = f.get("/metrics", null).body();
        assertThat(metrics).contains("proxy_usage_records_total 1\n", "proxy_usage_dropped_total 0\n",
                "proxy_usage_write_errors_total 0\n");
    }
}
