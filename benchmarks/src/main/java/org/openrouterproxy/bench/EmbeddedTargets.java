package org.openrouterproxy.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fake upstream and (optionally) the proxy that {@code proxy bench} measures, started either as child JVMs
 * ({@code java -cp <our classpath> TargetMain ...}, the default: the load generator then shares no heap, GC or JIT
 * with what it measures, and the proxy's RSS is its own) or inside this JVM (simpler, for tests).
 */
public final class EmbeddedTargets implements AutoCloseable {
    /** Collector and heap flags of both child JVMs, the same as {@code bin/proxy}'s. */
    private static final List<String> MOCK_JVM_OPTS = List.of("-XX:+UseParallelGC", "-Xms256m", "-Xmx512m",
            "-Xmn160m", "-XX:-UseAdaptiveSizePolicy", "-XX:MetaspaceSize=128m");
    /** Default JVM options of the child proxy, the same as {@code bin/proxy}'s (its SQLite driver is native code). */
    public static final List<String> PROXY_JVM_OPTS = Stream.concat(MOCK_JVM_OPTS.stream(),
            Stream.of("--enable-native-access=ALL-UNNAMED")).toList();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** Where the targets run. */
    public enum Placement { CHILD_PROCESSES, IN_PROCESS }

    /**
     * What to start.
     *
     * @param placement     child JVMs or this JVM
     * @param withProxy     false for {@code --direct}: the fake upstream alone
     * @param chunks        content chunks per streamed answer
     * @param chunkInterval pause between streamed chunks
     * @param proxyJvmOpts  JVM options of the child proxy
     * @param accessLog     whether the proxy writes its access log (child JVMs: to a temp file)
     * @param usageLedger   whether the proxy keeps its usage ledger (in a SQLite file in a temp dir, deleted after)
     */
    public record Setup(Placement placement, boolean withProxy, int chunks, Duration chunkInterval,
                        List<String> proxyJvmOpts, boolean accessLog, boolean usageLedger) {
    }

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private String upstreamBaseUrl;
    private String proxyBaseUrl;
    private long upstreamPid;
    private long proxyPid;
    private final Setup setup;

    private EmbeddedTargets(Setup setup) {
        this.setup = setup;
    }

    /** Starts the targets; on failure everything already started is stopped again. */
    public static EmbeddedTargets start(Setup setup) throws IOException {
        EmbeddedTargets t = new EmbeddedTargets(setup);
        try {
            t.startAll();
            return t;
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
    }

    private void startAll() throws IOException {
        long self = ProcessHandle.current().pid();
        String interval = Long.toString(setup.chunkInterval().toMillis());
        String usageDb = setup.withProxy() && setup.usageLedger() ? tempLedger() : "off";
        if (setup.placement() == Placement.IN_PROCESS) {
            var mock = TargetMain.startMock(0, setup.chunks(), setup.chunkInterval(), Duration.ZERO);
            closeables.add(mock);
            upstreamBaseUrl = mock.baseUrl();
            upstreamPid = self;
            if (setup.withProxy()) {
                var proxy = TargetMain.startProxy(0, upstreamBaseUrl, setup.accessLog(), usageDb);
                closeables.add(proxy);
                proxyBaseUrl = proxy.baseUrl();
                proxyPid = self;
            }
            return;
        }
        Child mock = child("upstream", MOCK_JVM_OPTS, "mock", "0", Integer.toString(setup.chunks()), interval, "0");
        upstreamBaseUrl = "http://127.0.0.1:" + mock.port + "/api/v1";
        upstreamPid = mock.process.pid();
        if (setup.withProxy()) {
            Child proxy = child("proxy", setup.proxyJvmOpts(), "proxy", "0", upstreamBaseUrl,
                    Boolean.toString(setup.accessLog()), usageDb);
            proxyBaseUrl = "http://127.0.0.1:" + proxy.port;
            proxyPid = proxy.process.pid();
        }
    }

    /** A SQLite ledger file in a fresh temp dir, deleted (with its WAL) after the proxy stopped. */
    private String tempLedger() throws IOException {
        Path dir = Files.createTempDirectory("proxy-bench-ledger-");
        closeables.add(() -> {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        });
        return dir.resolve("usage.db").toString();
    }

    /** A child JVM and the port it reported. */
    private record Child(Process process, int port) {
    }

    private Child child(String name, List<String> jvmOpts, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOpts);
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            cmd.add("-p");
            cmd.add(modulePath);
            cmd.add("-m");
            cmd.add("org.openrouterproxy.bench/" + TargetMain.class.getName());
        } else {
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(TargetMain.class.getName());
        }
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("proxy-bench-" + name + "-", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        closeables.add(() -> stop(p, log));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith("LISTENING ")).findFirst();
            if (line.isPresent()) {
                return new Child(p, Integer.parseInt(line.get().substring("LISTENING ".length()).trim()));
            }
            if (!p.isAlive()) {
                throw new IOException("the " + name + " JVM exited with " + p.exitValue() + ": " + tail(log));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the " + name);
            }
        }
        throw new IOException("the " + name + " JVM did not start within " + START_TIMEOUT.toSeconds() + " s: "
                + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private static void stop(Process p, Path log) throws IOException, InterruptedException {
        try (OutputStream in = p.getOutputStream()) {
            in.flush();
        } catch (IOException ignored) {
            // already gone
        }
        if (!p.waitFor(3, TimeUnit.SECONDS)) {
            p.destroy();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        Files.deleteIfExists(log);
    }

    /** The fake upstream's base URL ({@code http://127.0.0.1:<port>/api/v1}). */
    public String upstreamBaseUrl() {
        return upstreamBaseUrl;
    }

    /** The proxy's base URL ({@code http://127.0.0.1:<port>}), or null with {@code withProxy=false}. */
    public String proxyBaseUrl() {
        return proxyBaseUrl;
    }

    public long upstreamPid() {
        return upstreamPid;
    }

    public long proxyPid() {
        return proxyPid;
    }

    /** One line saying where everything runs, for the report. */
    public String describe() {
        long self = ProcessHandle.current().pid();
        if (setup.placement() == Placement.IN_PROCESS) {
            return "fake upstream" + (setup.withProxy() ? " and proxy" : "") + " in this JVM (pid " + self
                    + ") beside the load generator" + (setup.withProxy() && !setup.accessLog()
                    ? "; proxy access log off" : "") + ledger();
        }
        return "fake upstream (pid " + upstreamPid + ")" + (setup.withProxy() ? " and proxy (pid " + proxyPid
                + ", JVM options " + String.join(" ", setup.proxyJvmOpts()) + ")" : "")
                + " each in a child JVM; load generator in this JVM (pid " + self + ")" + ledger();
    }

    private String ledger() {
        return !setup.withProxy() ? "" : setup.usageLedger() ? "; usage ledger on (temp SQLite file)"
                : "; usage ledger off";
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        closeables.clear();
    }
}
