package org.openrouterproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class ServeCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine cli(Object command) {
        CommandLine c = new CommandLine(command);
        c.setOut(new PrintWriter(out, true));
        c.setErr(new PrintWriter(err, true));
        return c;
    }

    @Test
    void serverCommandsAreRegistered() {
        assertThat(Main.commandLine().getSubcommands()).containsKeys("serve", "mock-upstream");
    }

    @Test
    void invalidConfigurationIsExitCode2WithOneLine() {
        int code = cli(new ServeCommand(Map.of(), dir)).execute("--port", "70000");
        assertThat(code).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(err.toString().strip()).contains("OPENAI_PROXY_PORT").doesNotContain("\n");
    }

    @Test
    void retriesFlagIsValidatedLikeTheEnvironmentKey() {
        int code = cli(new ServeCommand(Map.of(), dir)).execute("--retries", "99", "--port", "0");
        assertThat(code).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(err.toString().strip()).contains("PROXY_RETRIES").doesNotContain("\n");
    }

    @Test
    void refusesANonLoopbackBindWithAnUpstreamKeyAndNoClientKeys() {
        int code = cli(new ServeCommand(Map.of("OPENROUTER_API_KEY", "sk-or-secret-xyz"), dir))
                .execute("--host", "0.0.0.0", "--port", "0");
        assertThat(code).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(err.toString()).contains("PROXY_API_KEYS").doesNotContain("sk-or-secret-xyz");
    }

    @Test
    void aPortInUseIsExitCode1() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            int code = cli(new ServeCommand(Map.of(), dir)).execute("--port", Integer.toString(taken.getLocalPort()));
            assertThat(code).isEqualTo(ExitCodes.START_FAILED);
            assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void mockUpstreamDemoServesChatUntilStopped() throws Exception {
        ServeCommand serve = new ServeCommand(Map.of(), dir);
        CommandLine c = cli(serve);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> c.execute("--mock-upstream", "--port", "0", "--no-access-log"));
        String url = awaitUrl(Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"anthropic/claude-sonnet-4.5\",\"messages\":"
                                + "[{\"role\":\"user\",\"content\":\"demo\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Mock reply to: demo");
        assertThat(r.headers().firstValue("X-Proxy-Cache-Control")).contains("injected");
        serve.stop.requestStop();
        assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("secrets masked").contains("OPENROUTER_API_KEY")
                .doesNotContain(ServeCommand.MOCK_PLACEHOLDER_KEY).contains("stopped");
    }

    private String awaitUrl(Pattern p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(out.toString());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("server did not start; out=" + out + " err=" + err);
    }
}
