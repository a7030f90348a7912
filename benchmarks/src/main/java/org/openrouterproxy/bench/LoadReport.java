package org.openrouterproxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The result of one load run: throughput, latency percentiles (end to end from the intended send time, and raw
 * from the actual send), errors by kind, streaming measurements and process usage. Prints as a table or JSON.
 *
 * @param url           target
 * @param mode          "closed-loop" or "constant-rate"
 * @param connections   connections used
 * @param threads       selector threads used
 * @param seconds       measured duration
 * @param warmupSeconds warm-up before it (until steady state, or the cap)
 * @param warmupOutcome why the warm-up ended
 * @param targetRate    requested rate (0 in closed loop)
 * @param requests      successful requests (2xx and, when streaming, complete streams)
 * @param throughput    successful requests per second
 * @param bytes         response body bytes received
 * @param errors        failed requests by kind (connect, io, timeout, status_NNN, lost_chunk, ...)
 * @param lateSends     constant rate: sends more than 1 ms behind their intended time
 * @param reconnects    connections reopened after the server closed them
 * @param peakInFlight  most requests in flight at once (sampled once a second)
 * @param latency       end-to-end latency, from the intended send time in constant-rate mode
 * @param rawLatency    latency from the actual send time
 * @param streaming     streaming numbers, or null when not streaming
 * @param processes     RSS and CPU of the sampled processes
 */
public record LoadReport(String url, String mode, int connections, int threads, double seconds,
                         double warmupSeconds, String warmupOutcome, double targetRate, long requests, double throughput, long bytes,
                         Map<String, Long> errors, long lateSends, long reconnects, long peakInFlight,
                         LatencySummary latency, LatencySummary rawLatency, Streaming streaming,
                         List<ProcessUsage> processes) {

    /**
     * Streaming measurements.
     *
     * @param chunks            data events received (not counting [DONE])
     * @param expectedPerStream data events a complete stream carries
     * @param lostChunks        data events missing from incomplete streams
     * @param ttft              time to first token (first data event), from the intended send time
     * @param gap               time between consecutive data events of one stream
     */
    public record Streaming(long chunks, int expectedPerStream, long lostChunks, LatencySummary ttft,
                            LatencySummary gap) {
    }

    /**
     * Memory and CPU of one process during the measured part of the run.
     *
     * @param label      what it is (proxy, upstream, ...)
     * @param pid        process id
     * @param rssStart   RSS in bytes at the start of measuring
     * @param rssPeak    highest RSS sampled (once a second)
     * @param rssEnd     RSS at the end
     * @param cpuPercent CPU used, 100 = one core busy for the whole time
     * @param cpuSeconds user + system CPU seconds used while measuring
     * @param jitMillis  milliseconds its JIT compilers spent while measuring, -1 when unreadable
     */
    public record ProcessUsage(String label, long pid, long rssStart, long rssPeak, long rssEnd, double cpuPercent,
                               double cpuSeconds, double jitMillis) {
    }

    /** CPU microseconds the process labelled {@code label} spent per successful request, or -1 (not sampled). */
    public double cpuMicrosPerRequest(String label) {
        return perUnit(label, requests);
    }

    /** CPU microseconds the process labelled {@code label} spent per streamed data event, or -1. */
    public double cpuMicrosPerEvent(String label) {
        return streaming == null ? -1 : perUnit(label, streaming.chunks());
    }

    private double perUnit(String label, long units) {
        if (units <= 0) {
            return -1;
        }
        return processes.stream().filter(p -> p.label().equals(label)).findFirst()
                .map(p -> p.cpuSeconds() * 1e6 / units).orElse(-1.0);
    }

    /** Total failed requests. */
    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The report as a human-readable table. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(f("Target     %s%n", url));
        sb.append(f("Mode       %s, %d connections, %d threads%s%n", mode, connections, threads,
                targetRate > 0 ? f(", target %,.0f req/s", targetRate) : ""));
        sb.append(f("Measured   %.1f s after %.1f s warm-up (%s)%n", seconds, warmupSeconds, warmupOutcome));
        sb.append(f("Requests   %,d ok, %,.0f req/s, %,.1f MB received, peak %d in flight%n", requests, throughput,
                bytes / 1e6, peakInFlight));
        sb.append(f("Errors     %,d%s%n", errorCount(), errors.isEmpty() ? "" : "  " + errors));
        if (targetRate > 0) {
            sb.append(f("Schedule   %,d sends more than 1 ms behind the intended time%n", lateSends));
        }
        if (reconnects > 0) {
            sb.append(f("Reconnects %,d%n", reconnects));
        }
        sb.append(f("%-22s %9s %9s %9s %9s %9s %9s%n", "Latency (ms)", "p50", "p90", "p99", "p99.9", "max", "mean"));
        row(sb, targetRate > 0 ? "corrected (intended)" : "end to end", latency);
        if (targetRate > 0) {
            row(sb, "raw (from send)", rawLatency);
        }
        if (streaming != null) {
            row(sb, "time to first token", streaming.ttft());
            row(sb, "gap between chunks", streaming.gap());
            sb.append(f("Streams    %,d chunks, %d expected per stream, %,d lost%n", streaming.chunks(),
                    streaming.expectedPerStream(), streaming.lostChunks()));
        }
        for (ProcessUsage p : processes) {
            sb.append(f("Process    %-9s pid %-7d RSS start %,.0f MiB, peak %,.0f MiB, end %,.0f MiB; CPU %.0f%%%s%n",
                    p.label(), p.pid(), mib(p.rssStart()), mib(p.rssPeak()), mib(p.rssEnd()), p.cpuPercent(),
                    p.jitMillis() < 0 ? "" : f("; JIT %,.0f ms while measuring", p.jitMillis())));
        }
        for (ProcessUsage p : processes) {
            double perRequest = cpuMicrosPerRequest(p.label());
            if (perRequest < 0 || p.label().equals("generator")) {
                continue;
            }
            double perEvent = cpuMicrosPerEvent(p.label());
            sb.append(f("CPU/req    %-9s %,.1f us per request%s%n", p.label(), perRequest,
                    perEvent < 0 ? "" : f(", %,.1f us per streamed event", perEvent)));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, LatencySummary l) {
        sb.append(f("  %-20s %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f%n", name, l.p50(), l.p90(), l.p99(), l.p999(),
                l.max(), l.mean()));
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** The report as a JSON tree (latencies in milliseconds, memory in bytes). */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("url", url).put("mode", mode).put("connections", connections).put("threads", threads)
                .put("seconds", seconds).put("warmupSeconds", warmupSeconds).put("warmupOutcome", warmupOutcome)
                .put("targetRate", targetRate)
                .put("requests", requests).put("throughput", throughput).put("bytes", bytes)
                .put("errorCount", errorCount()).put("lateSends", lateSends).put("reconnects", reconnects)
                .put("peakInFlight", peakInFlight);
        ObjectNode e = n.putObject("errors");
        errors.forEach(e::put);
        latency(n.putObject("latency"), latency);
        latency(n.putObject("rawLatency"), rawLatency);
        if (streaming != null) {
            ObjectNode s = n.putObject("streaming");
            s.put("chunks", streaming.chunks()).put("expectedPerStream", streaming.expectedPerStream())
                    .put("lostChunks", streaming.lostChunks());
            latency(s.putObject("ttft"), streaming.ttft());
            latency(s.putObject("gap"), streaming.gap());
        }
        var ps = n.putArray("processes");
        for (ProcessUsage p : processes) {
            ps.addObject().put("label", p.label()).put("pid", p.pid()).put("rssStart", p.rssStart())
                    .put("rssPeak", p.rssPeak()).put("rssEnd", p.rssEnd()).put("cpuPercent", p.cpuPercent())
                    .put("cpuSeconds", p.cpuSeconds()).put("jitMillis", p.jitMillis())
                    .put("cpuMicrosPerRequest", cpuMicrosPerRequest(p.label()))
                    .put("cpuMicrosPerEvent", cpuMicrosPerEvent(p.label()));
        }
        return n;
    }

    private static void latency(ObjectNode n, LatencySummary l) {
        n.put("count", l.count()).put("mean", l.mean()).put("p50", l.p50()).put("p90", l.p90())
                .put("p99", l.p99()).put("p999", l.p999()).put("max", l.max());
    }

    /** Writes {@link #toJson} to a file, pretty-printed. */
    public void writeJson(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(file, mapper.writeValueAsString(toJson(mapper)));
    }
}
