package org.openrouterproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

    private static BenchCommand parse(String... args) {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult r = cl.parseArgs(args);
        return (BenchCommand) r.subcommand().commandSpec().userObject();
    }

    /** Runs {@code proxy <args>}; returns exit code, stdout, stderr. */
    private static String[] run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void defaultsAreTheIssuesEmbeddedBenchmark() {
        BenchCommand b = parse("bench");
        assertThat(b.url).isNull();
        assertThat(b.connections).isEqualTo(100);
        assertThat(b.duration).isEqualTo(Duration.ofSeconds(15));
        assertThat(b.warmup).isEqualTo(Duration.ofSeconds(60));
        assertThat(b.rate).isZero();
        assertThat(b.model).isEqualTo("anthropic/claude-sonnet-4.5");
        assertThat(b.targetP99).isEqualTo(50.0);
        assertThat(b.targetQps).isNull();
        assertThat(b.stream || b.direct || b.micro || b.inProcess).isFalse();
    }

    @Test
    void optionsBind() {
        BenchCommand b = parse("bench", "--url", "http://127.0.0.1:9998", "--stream", "-c", "7", "-d", "1500ms",
                "-R", "2000", "--warmup", "2s", "--body", "b.json", "--model", "qwen/qwen3", "--target-qps", "300",
                "--target-p99", "5", "--json", "r.json", "--threads", "1", "--api-key", "k");
        assertThat(b.url).isEqualTo(URI.create("http://127.0.0.1:9998"));
        assertThat(b.stream).isTrue();
        assertThat(b.connections).isEqualTo(7);
        assertThat(b.duration).isEqualTo(Duration.ofMillis(1500));
        assertThat(b.rate).isEqualTo(2000.0);
        assertThat(b.warmup).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.body).isEqualTo(Path.of("b.json"));
        assertThat(b.model).isEqualTo("qwen/qwen3");
        assertThat(b.targetQps).isEqualTo(300.0);
        assertThat(b.targetP99).isEqualTo(5.0);
        assertThat(b.json).isEqualTo(Path.of("r.json"));
        assertThat(b.threads).isEqualTo(1);
        assertThat(b.apiKey).isEqualTo("k");
    }

    @Test
    void microPassesEverythingElseToJmh() {
        BenchCommand b = parse("bench", "--micro", "ChatRewrite", "-prof", "gc", "-f", "1", "-wi", "1");
        assertThat(b.micro).isTrue();
        assertThat(b.jmhArgs).containsExactly("ChatRewrite", "-prof", "gc", "-f", "1", "-wi", "1");
    }

    @Test
    void chatUrlAcceptsBaseUrlsAndFullUrls() {
        assertThat(BenchCommand.chatUrl(URI.create("http://h:1"))).hasToString("http://h:1/v1/chat/completions");
        assertThat(BenchCommand.chatUrl(URI.create("http://h:1/v1/"))).hasToString("http://h:1/v1/chat/completions");
        assertThat(BenchCommand.chatUrl(URI.create("http://h:1/api/v1")))
                .hasToString("http://h:1/api/v1/chat/completions");
        assertThat(BenchCommand.chatUrl(URI.create("http://h:1/x/chat/completions")))
                .hasToString("http://h:1/x/chat/completions");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(run("bench", "-d", "soon")[0]).isEqualTo("2");
        assertThat(run("bench", "--url", "http://127.0.0.1:1", "--direct")[0]).isEqualTo("2");
        assertThat(run("bench", "-prof", "gc")[0]).isEqualTo("2");
    }

    @Test
    void embeddedRunInChildJvmsPrintsAReportAndAVerdict(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("report.json");
        String[] r = run("bench", "-c", "4", "-d", "2s", "--warmup", "1s", "--no-progress", "--json", json.toString(),
                "--target-qps", "1", "--target-p99", "60000");
        assertThat(r[1]).contains("each in a child JVM").contains("req/s").contains("p99").contains("Verdict:");
        JsonNode j = new ObjectMapper().readTree(Files.readString(json));
        assertThat(j.get("requests").asLong()).isPositive();
        assertThat(j.get("errorCount").asLong()).isZero();
        assertThat(j.get("verdict").get("met").asBoolean()).isTrue();
        assertThat(r[1]).contains("CPU/req    proxy").contains("us per request").contains("JIT");
        JsonNode proxy = null;
        for (JsonNode p : j.get("processes")) {
            if (p.get("label").asText().equals("proxy")) {
                proxy = p;
            }
        }
        assertThat(proxy).isNotNull();
        assertThat(proxy.get("cpuMicrosPerRequest").asDouble()).isPositive();
        assertThat(proxy.get("jitMillis").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(j.get("warmupSeconds").asDouble()).isLessThanOrEqualTo(1.0);
        assertThat(r[0]).isEqualTo("0");
    }

    @Test
    void directStreamingInProcessCountsChunks() {
        String[] r = run("bench", "--direct", "--in-process", "--stream", "--chunks", "4", "--chunk-interval", "5ms",
                "-c", "3", "-d", "1s", "--warmup", "500ms", "--target-p99", "60000");
        assertThat(r[1]).contains("in this JVM").contains("time to first token").contains("6 expected per stream")
                .contains("0 lost");
        assertThat(r[0]).isEqualTo("0");
    }

    @Test
    void unmetTargetsExitNonZero() {
        String[] r = run("bench", "--direct", "--in-process", "-c", "2", "-d", "1s", "--warmup", "0s",
                "--no-progress", "--target-qps", "1e12");
        assertThat(r[1]).contains("FAIL  throughput").contains("Targets NOT met.");
        assertThat(r[0]).isEqualTo("1");
    }

    @Test
    void unreachableUrlIsReportedAsErrors() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] r = run("bench", "--url", "http://127.0.0.1:" + port, "-c", "1", "-d", "500ms", "--warmup", "0s",
                "--no-progress");
        assertThat(r[1]).contains("connect");
        assertThat(r[0]).isEqualTo("1");
    }
}
