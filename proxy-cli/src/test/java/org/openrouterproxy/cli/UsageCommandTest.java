package org.openrouterproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.openrouterproxy.server.ProxyServer;
import org.openrouterproxy.server.ProxySettings;
import org.openrouterproxy.server.mock.MockOpenRouter;
import org.openrouterproxy.server.mock.MockOptions;
import org.openrouterproxy.server.usage.UsageDb;

import picocli.CommandLine;

/** {@code proxy usage} against a running proxy with a SQLite ledger, and straight from its database file. */
class UsageCommandTest {
    private static final String ADMIN = "usage-cli-admin-key-01";
    private static final String CLIENT = "usage-cli-client-key-01";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static MockOpenRouter mock;
    private static ProxyServer proxy;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() throws Exception {
        mock = MockOpenRouter.start(MockOptions.defaults());
        proxy = ProxyServer.start(ProxySettings.builder().port(0).baseUrl(mock.baseUrl()).upstreamKey("sk-or-x")
                .clientKeys(List.of(CLIENT)).accessLog(false).usageDb(UsageDb.sqlite(dir.resolve("usage.db")))
                .adminKeys(List.of(ADMIN)).build());
        HttpClient http = HttpClient.newHttpClient();
        String system = "Rules. ".repeat(3000);
        for (String model : new String[] {"anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4.5",
            "openai/gpt-4o"}) {
            for (boolean stream : new boolean[] {false, true}) {
                String body = "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":"
                        + "\"system\",\"content\":\"" + system + "\"},{\"role\":\"user\",\"content\":\"hi\"}]}";
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(proxy.baseUrl()
                        + "/v1/chat/completions")).header("Authorization", "Bearer " + CLIENT)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!metrics(http).contains("proxy_usage_records_total 6\n") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(metrics(http)).contains("proxy_usage_records_total 6\n");
    }

    private static String metrics(HttpClient http) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        mock.close();
    }

    private int run(Map<String, String> env, String... args) {
        CommandLine c = new CommandLine(new UsageCommand(env, dir));
        c.setOut(new PrintWriter(out, true));
        c.setErr(new PrintWriter(err, true));
        return c.execute(args);
    }

    @Test
    void registeredAsASubcommand() {
        assertThat(Main.commandLine().getSubcommands()).containsKey("usage");
    }

    @Test
    void printsAnAlignedTablePerKeyAndModel() {
        int code = run(Map.of(UsageCommand.ADMIN_KEY_ENV, ADMIN), "--url", proxy.baseUrl(), "--since", "24h");
        assertThat(code).as(err.toString()).isEqualTo(UsageCommand.OK);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(1)).startsWith("KEY").contains("MODEL", "REQUESTS", "CACHED", "COST USD", "SAVED USD");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("anthropic/claude-sonnet-4.5").contains(" 4 "));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("openai/gpt-4o").endsWith("0.000000"));
        assertThat(lines.get(lines.size() - 1)).startsWith("TOTAL");
        assertThat(lines.get(2).indexOf("anthropic")).isEqualTo(lines.get(1).indexOf("MODEL"));
        assertThat(out.toString()).doesNotContain(CLIENT).doesNotContain(ADMIN);
    }

    @Test
    void jsonOverHttpMatchesTheDatabaseReadDirectly() throws Exception {
        assertThat(run(Map.of(UsageCommand.ADMIN_KEY_ENV, ADMIN), "--url", proxy.baseUrl() + "/v1", "--json"))
                .isEqualTo(UsageCommand.OK);
        JsonNode http = JSON.readTree(out.toString());
        out.getBuffer().setLength(0);
        assertThat(run(Map.of(), "--db", "usage.db", "--json")).as(err.toString()).isEqualTo(UsageCommand.OK);
        JsonNode direct = JSON.readTree(out.toString());
        assertThat(direct.get("rows")).isEqualTo(http.get("rows"));
        assertThat(direct.get("totals")).isEqualTo(http.get("totals"));
        assertThat(http.at("/totals/requests").asLong()).isEqualTo(6);
        assertThat(http.at("/totals/saved").decimalValue()).isPositive();
    }

    @Test
    void csvHasAHeaderAndOneLinePerGroup() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("admin.key"), ADMIN + "\n");
        assertThat(run(Map.of(), "--url", proxy.baseUrl(), "--admin-key-file", keyFile.toString(), "--csv",
                "--group-by", "model")).as(err.toString()).isEqualTo(UsageCommand.OK);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("key,model,day,requests,prompt_tokens");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith(",anthropic/claude-sonnet-4.5,,4,");
    }

    @Test
    void failuresAreNamedWithTheirExitCodes() {
        assertThat(run(Map.of(), "--url", proxy.baseUrl())).isEqualTo(UsageCommand.USAGE_ERROR);
        assertThat(err.toString()).contains("PROXY_ADMIN_KEY");
        err.getBuffer().setLength(0);
        assertThat(run(Map.of(UsageCommand.ADMIN_KEY_ENV, CLIENT), "--url", proxy.baseUrl()))
                .isEqualTo(UsageCommand.REPORT_FAILED);
        assertThat(err.toString()).contains("403").doesNotContain(CLIENT);
        err.getBuffer().setLength(0);
        assertThat(run(Map.of(UsageCommand.ADMIN_KEY_ENV, ADMIN), "--since", "soon")).isEqualTo(
                UsageCommand.USAGE_ERROR);
        assertThat(err.toString()).contains("'soon'");
        assertThat(run(Map.of(), "--db", "missing.db")).isEqualTo(UsageCommand.REPORT_FAILED);
        assertThat(run(Map.of(), "--db", "x.db", "--json", "--csv")).isEqualTo(UsageCommand.USAGE_ERROR);
    }
}
