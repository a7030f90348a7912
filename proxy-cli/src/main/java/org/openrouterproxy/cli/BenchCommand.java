package org.openrouterproxy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openrouterproxy.bench.BenchInfo;
import org.openrouterproxy.bench.ChatBodies;
import org.openrouterproxy.bench.EmbeddedTargets;
import org.openrouterproxy.bench.LoadGenerator;
import org.openrouterproxy.bench.LoadReport;
import org.openrouterproxy.bench.LoadSpec;
import org.openrouterproxy.bench.MicroBenchmarks;
import org.openrouterproxy.bench.ProcStats;
import org.openrouterproxy.bench.TargetMain;
import org.openrouterproxy.bench.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code proxy bench}: with no arguments starts the fake OpenRouter and the proxy (each in a child JVM), warms up,
 * loads the proxy with a realistic chat body for an Anthropic model, prints the report (with the proxy's CPU time per
 * request and the JIT time while measuring) and a verdict against the
 * targets, and exits 0 only when they are met. {@code --url} measures a running server, {@code --direct} the fake
 * upstream alone, {@code --micro} runs the JMH microbenchmarks.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the proxy: throughput, latency percentiles (HdrHistogram), errors, streaming TTFT.",
            "No arguments: fake upstream + proxy in child JVMs, 100 connections for 15 s after a warm-up that runs",
            "until throughput is steady (3 one-second windows within 5%%, JIT quiet; at most 60 s)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:targets met", "1:targets missed", "2:invalid arguments",
            "3:the embedded upstream or proxy could not start"})
public final class BenchCommand implements Callable<Integer> {
    static final int TARGETS_MET = 0;
    static final int TARGETS_MISSED = 1;
    static final int SETUP_FAILED = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL",
            description = "Benchmark a running proxy or OpenAI-compatible server (base URL or full "
                    + ".../chat/completions URL) instead of the embedded one.")
    URI url;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Bearer key sent with --url (default: none).")
    String apiKey;

    @Option(names = "--direct", description = "Measure the fake upstream alone, to read off the proxy's cost.")
    boolean direct;

    @Option(names = "--stream", description = "Streaming requests: time to first token, gaps, lost chunks.")
    boolean stream;

    @Option(names = "-c", paramLabel = "N", description = "Connections (default: ${DEFAULT-VALUE}).")
    int connections = 100;

    @Option(names = "-d", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Measured duration, e.g. 15s, 500ms, 1m (default: 15s).")
    Duration duration = Duration.ofSeconds(15);

    @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Longest warm-up before measuring, results discarded; it ends earlier once throughput is "
                    + "steady and the JIT quiet (default: 60s; 0 for none).")
    Duration warmup = Duration.ofSeconds(60);

    @Option(names = "-R", paramLabel = "REQ/S",
            description = "Constant rate (wrk2-style, latency from the intended send time); default closed loop.")
    double rate;

    @Option(names = "--threads", paramLabel = "N", description = "Load generator selector threads (default: "
            + "min(4, cores)).")
    Integer threads;

    @Option(names = "--body", paramLabel = "FILE", description = "Request body (default: a ~3 KB chat with a "
            + "system prompt and several turns).")
    Path body;

    @Option(names = "--model", paramLabel = "MODEL", description = "Model of the generated body (default: "
            + "${DEFAULT-VALUE}).")
    String model = BenchInfo.DEFAULT_MODEL;

    @Option(names = "--chunks", paramLabel = "N", description = "Embedded upstream: content chunks per stream "
            + "(default: 64 with --stream).")
    int chunks = BenchInfo.STREAM_CHUNKS;

    @Option(names = "--chunk-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Embedded upstream: pause between chunks (default: 20ms).")
    Duration chunkInterval = Duration.ofMillis(20);

    @Option(names = "--expect-chunks", paramLabel = "N", description = "With --url --stream: data events per "
            + "complete stream (default: the most seen in any stream).")
    int expectChunks;

    @Option(names = "--target-qps", paramLabel = "REQ/S", description = "Throughput target (default 2000; with "
            + "-R: 99%% of the rate; with --stream: none).")
    Double targetQps;

    @Option(names = "--target-p99", paramLabel = "MS", description = "p99 target in ms, end to end (time to first "
            + "token with --stream) (default: ${DEFAULT-VALUE}).")
    double targetP99 = 50.0;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Per-request (per-stream) timeout (default: 30s).")
    Duration timeout = Duration.ofSeconds(30);

    @Option(names = "--in-process", description = "Run the embedded upstream and proxy in this JVM instead of "
            + "child JVMs (simpler, but they share heap, GC and CPU accounting with the load generator).")
    boolean inProcess;

    @Option(names = "--proxy-jvm-opts", paramLabel = "OPTS", description = "JVM options of the child proxy "
            + "(default: \"-XX:+UseParallelGC -Xms256m -Xmx512m -Xmn160m -XX:-UseAdaptiveSizePolicy "
            + "-XX:MetaspaceSize=128m --enable-native-access=ALL-UNNAMED\", as bin/proxy).")
    String proxyJvmOpts;

    @Option(names = "--pid", paramLabel = "PID", description = "Also sample RSS and CPU of this process from /proc "
            + "(repeatable), e.g. the proxy behind --url.")
    List<Long> pids = new ArrayList<>();

    @Option(names = "--no-access-log", description = "Embedded proxy without its access log (default: on, as "
            + "proxy serve; in child JVMs it goes to a temp file).")
    boolean noAccessLog;

    @Option(names = "--no-usage-ledger", description = "Embedded proxy without its usage ledger (default: on, as "
            + "proxy serve, in a temp SQLite file deleted afterwards).")
    boolean noUsageLedger;

    @Option(names = "--no-progress", description = "No live progress line on stderr.")
    boolean noProgress;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report (and verdict) as JSON.")
    Path json;

    @Option(names = "--micro", description = "Run the JMH microbenchmarks in-process through JMH's Runner (which "
            + "forks JVMs); remaining arguments go to JMH, e.g. --micro ChatRewrite -prof gc.")
    boolean micro;

    @Unmatched
    List<String> jmhArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (micro) {
            return MicroBenchmarks.run(jmhArgs.toArray(String[]::new));
        }
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] payload = body != null ? Files.readAllBytes(body) : ChatBodies.chat(model, 3_000, stream);
        EmbeddedTargets targets = null;
        try {
            LoadSpec.Builder load;
            String setup;
            if (url != null) {
                load = LoadSpec.builder(chatUrl(url));
                if (apiKey != null) {
                    load.header("Authorization", "Bearer " + apiKey);
                }
                setup = "external target " + url + "; load generator in this JVM (pid " + ProcessHandle.current().pid()
                        + ")";
            } else {
                try {
                    targets = EmbeddedTargets.start(new EmbeddedTargets.Setup(inProcess
                            ? EmbeddedTargets.Placement.IN_PROCESS : EmbeddedTargets.Placement.CHILD_PROCESSES, !direct,
                            stream ? chunks : 5, stream ? chunkInterval : Duration.ZERO, proxyJvmOptions(),
                            !inProcess && !noAccessLog, !noUsageLedger));
                } catch (IOException | RuntimeException e) {
                    err.println("proxy bench: could not start the embedded targets: " + e.getMessage());
                    return SETUP_FAILED;
                }
                setup = targets.describe();
                load = LoadSpec.builder(URI.create(direct ? targets.upstreamBaseUrl() + "/chat/completions"
                        : targets.proxyBaseUrl() + "/v1/chat/completions"));
                load.header("Authorization", "Bearer " + (direct ? TargetMain.UPSTREAM_KEY : TargetMain.CLIENT_KEY));
                if (!inProcess) {
                    if (!direct) {
                        load.process("proxy", targets.proxyPid());
                    }
                    load.process("upstream", targets.upstreamPid());
                }
                load.process("generator", ProcessHandle.current().pid());
            }
            for (int i = 0; i < pids.size(); i++) {
                load.process(pids.size() == 1 ? "process" : "process" + (i + 1), pids.get(i));
            }
            if (stream) {
                load.expectedChunks(url != null ? expectChunks : BenchInfo.mockDataEvents(chunks));
            }
            load.body(payload).connections(connections).duration(duration).warmup(warmup).rate(rate).stream(stream)
                    .requestTimeout(timeout).progress(!noProgress);
            if (threads != null) {
                load.threads(threads);
            }
            LoadSpec loadSpec = load.build();
            out.printf(Locale.ROOT, "proxy bench: %s%n", setup);
            out.printf(Locale.ROOT, "Body       %,d bytes%s%s%n", payload.length,
                    body != null ? " from " + body : ", generated chat for " + model, stream && url == null
                            ? f("; upstream streams %d chunks %d ms apart", chunks, chunkInterval.toMillis()) : "");
            out.flush();
            LoadReport report = new LoadGenerator().run(loadSpec, err);
            out.print(report.toTable());
            Long idleRss = null;
            if (targets != null && !inProcess && !direct) {
                Thread.sleep(2_000);
                ProcStats.Sample s = ProcStats.sample(targets.proxyPid());
                if (s != null) {
                    idleRss = s.rssBytes();
                    out.printf(Locale.ROOT, "Proxy RSS 2 s after the load: %,.0f MiB%n", idleRss / 1048576.0);
                }
            }
            Verdict verdict = Verdict.check(report, qpsTarget(), targetP99);
            out.println("Verdict:");
            verdict.lines().forEach(l -> out.println("  " + l));
            out.println(verdict.met() ? "Targets met." : "Targets NOT met.");
            out.flush();
            if (json != null) {
                writeJson(report, verdict, setup, idleRss);
            }
            return verdict.met() ? TARGETS_MET : TARGETS_MISSED;
        } finally {
            if (targets != null) {
                targets.close();
            }
        }
    }

    private void validate() {
        if (!jmhArgs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Unknown arguments: " + jmhArgs
                    + " (JMH arguments need --micro)");
        }
        if (url != null && (direct || inProcess)) {
            throw new ParameterException(spec.commandLine(), "--url cannot be combined with --direct or --in-process");
        }
        if (connections < 1 || duration.isZero() || duration.isNegative() || rate < 0 || chunks < 1) {
            throw new ParameterException(spec.commandLine(), "-c and -d must be positive, -R and --chunks >= 0");
        }
    }

    private Double qpsTarget() {
        if (targetQps != null) {
            return targetQps;
        }
        if (stream) {
            return null;
        }
        return rate > 0 ? rate * 0.99 : 2_000.0;
    }

    private List<String> proxyJvmOptions() {
        if (proxyJvmOpts == null || proxyJvmOpts.isBlank()) {
            return EmbeddedTargets.PROXY_JVM_OPTS;
        }
        return List.of(proxyJvmOpts.trim().split("\\s+"));
    }

    /** A base URL ({@code http://host:port}, {@code .../v1}, {@code .../api/v1}) or a full chat URL. */
    static URI chatUrl(URI base) {
        String s = base.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("/chat/completions")) {
            return URI.create(s);
        }
        String path = base.getPath() == null ? "" : base.getPath();
        return URI.create(path.isEmpty() || path.equals("/") ? s + "/v1/chat/completions" : s + "/chat/completions");
    }

    private void writeJson(LoadReport report, Verdict verdict, String setup, Long idleRss) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode n = report.toJson(mapper);
        n.put("setup", setup);
        if (idleRss != null) {
            n.put("proxyRssAfterBytes", idleRss);
        }
        ObjectNode v = n.putObject("verdict");
        v.put("met", verdict.met());
        verdict.lines().forEach(v.putArray("checks")::add);
        Files.writeString(json, mapper.writeValueAsString(n));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** Parses {@code 15s}, {@code 500ms}, {@code 2m}, {@code 1h}, or a plain number of seconds. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                if (v.endsWith("s")) {
                    return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
                }
                if (v.endsWith("m")) {
                    return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
                }
                if (v.endsWith("h")) {
                    return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a duration: '" + value + "' (use e.g. 15s, 500ms, 2m)");
            }
        }
    }
}
