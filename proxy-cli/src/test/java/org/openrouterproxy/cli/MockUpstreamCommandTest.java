package org.openrouterproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class MockUpstreamCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void optionsBind() {
        MockUpstreamCommand m = new MockUpstreamCommand();
        new CommandLine(m).parseArgs("--port", "1234", "--latency", "250ms", "--chunks", "9", "--chunk-interval", "2s");
        assertThat(m.port).isEqualTo(1234);
        assertThat(m.latency).isEqualTo(Duration.ofMillis(250));
        assertThat(m.chunks).isEqualTo(9);
        assertThat(m.chunkInterval).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void invalidOptionsAreExitCode2() {
        CommandLine c = new CommandLine(new MockUpstreamCommand());
        c.setErr(new PrintWriter(err, true));
        assertThat(c.execute("--chunks", "0")).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(err.toString()).contains("chunks");
    }

    @Test
    void servesOpenRouterShapedAnswersUntilStopped() throws Exception {
        MockUpstreamCommand m = new MockUpstreamCommand();
        CommandLine c = new CommandLine(m);
        c.setOut(new PrintWriter(out, true));
        c.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> c.execute("--port", "0", "--chunks", "3"));
        String base = awaitUrl(Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/api/v1)"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/models"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"data\"");
        m.stop.requestStop();
        assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
    }

    private String awaitUrl(Pattern p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Matcher mm = p.matcher(out.toString());
            if (mm.find()) {
                return mm.group(1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("mock did not start; out=" + out + " err=" + err);
    }
}
