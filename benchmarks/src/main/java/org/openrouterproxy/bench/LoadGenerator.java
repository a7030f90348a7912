package org.openrouterproxy.bench;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * Runs a {@link LoadSpec}: starts the selector threads, warms up until steady state ({@link WarmupJudge}) or the
 * spec's warm-up cap and discards it, samples once a second (progress line,
 * process RSS), and returns the {@link LoadReport}. Every run ends by itself: the workers stop at the end of the
 * measured duration and are abandoned after a hard timeout.
 *
 * <pre>{@code
 * LoadSpec spec = LoadSpec.builder(URI.create("http://127.0.0.1:8080/v1/chat/completions"))
 *         .body(json).connections(100).duration(Duration.ofSeconds(15)).progress(true).build();
 * LoadReport r = new LoadGenerator().run(spec, new PrintWriter(System.err, true));
 * System.out.print(r.toTable());
 * }</pre>
 */
public final class LoadGenerator {
    private static final long SECOND = 1_000_000_000L;

    /** Runs the load and returns the report; progress lines go to {@code progressOut} when the spec asks. */
    public LoadReport run(LoadSpec spec, PrintWriter progressOut) throws InterruptedException {
        InetSocketAddress address = new InetSocketAddress(spec.url().getHost(), spec.port());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host " + spec.url().getHost());
        }
        ByteBuffer request = ByteBuffer.wrap(spec.requestBytes()).asReadOnlyBuffer();
        LoadCounters counters = new LoadCounters();
        AtomicInteger maxChunks = new AtomicInteger();
        long start = System.nanoTime();
        long warmupCap = spec.warmup().toNanos();
        AtomicLong end = new AtomicLong(start + warmupCap + spec.duration().toNanos());

        List<LoadWorker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int per = spec.connections() / spec.threads();
        int extra = spec.connections() % spec.threads();
        int index = 0;
        for (int t = 0; t < spec.threads(); t++) {
            int count = per + (t < extra ? 1 : 0);
            LoadWorker w = new LoadWorker(spec, counters, address, request, index, count, start, end, maxChunks);
            index += count;
            workers.add(w);
            Thread th = Thread.ofPlatform().name("bench-io-" + t).daemon(true).unstarted(w);
            threads.add(th);
        }
        LoadCounters.Snapshot zero = counters.snapshot();
        threads.forEach(Thread::start);

        Histogram latency = new Histogram(3);
        Histogram raw = new Histogram(3);
        Histogram ttft = new Histogram(3);
        Histogram gap = new Histogram(3);
        Sampler sampler = new Sampler(spec, progressOut, counters, workers, start);

        // warm-up: progress only, until steady state or the cap; then drop everything recorded so far
        WarmupJudge judge = new WarmupJudge();
        WarmupJudge.Outcome outcome = warmupCap > 0 ? WarmupJudge.Outcome.CAP : WarmupJudge.Outcome.NONE;
        long measureStart = start + warmupCap;
        double jitBefore = jitMillis(spec);
        for (long tick = start + SECOND; tick <= start + warmupCap; tick += SECOND) {
            sleepUntil(tick);
            double rate = sampler.tick(latency, true);
            double jitNow = jitMillis(spec);
            boolean steady = judge.add(rate, jitBefore < 0 || jitNow < 0 ? -1 : jitNow - jitBefore);
            jitBefore = jitNow;
            if (steady) {
                outcome = WarmupJudge.Outcome.STEADY;
                measureStart = tick;
                break;
            }
        }
        end.set(measureStart + spec.duration().toNanos());
        LoadCounters.Snapshot base = zero;
        if (measureStart > start) {
            sleepUntil(measureStart);
            collect(workers, new Histogram(3), new Histogram(3), new Histogram(3), new Histogram(3));
            base = counters.snapshot();
        }
        Map<String, ProcStats.Sample> procStart = sampleAll(spec);
        Map<String, Double> jitStart = jitAll(spec);
        Map<String, Long> rssPeak = new LinkedHashMap<>();
        procStart.forEach((k, v) -> rssPeak.put(k, v.rssBytes()));
        sampler.startMeasuring(base);

        long tick = measureStart + SECOND;
        long endNanos = end.get();
        while (tick < endNanos) {
            sleepUntil(tick);
            collect(workers, latency, raw, ttft, gap);
            sampler.tick(latency, false);
            sampleAll(spec).forEach((k, v) -> rssPeak.merge(k, v.rssBytes(), Math::max));
            tick += SECOND;
        }
        sleepUntil(endNanos);
        long hardDeadline = endNanos + spec.requestTimeout().toNanos() + 5 * SECOND;
        for (Thread th : threads) {
            th.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(hardDeadline - System.nanoTime())));
        }
        workers.forEach(LoadWorker::stop);
        long measuredNanos = Math.max(1, Math.min(System.nanoTime(), endNanos) - measureStart);
        collect(workers, latency, raw, ttft, gap);
        Map<String, ProcStats.Sample> procEnd = sampleAll(spec);
        Map<String, Double> jitEnd = jitAll(spec);
        LoadCounters.Snapshot s = counters.snapshot().minus(base);
        if (spec.progress()) {
            sampler.finish();
        }

        double seconds = measuredNanos / 1e9;
        List<LoadReport.ProcessUsage> usage = new ArrayList<>();
        procEnd.forEach((label, e) -> {
            ProcStats.Sample b = procStart.get(label);
            if (b != null) {
                double jitA = jitStart.getOrDefault(label, -1.0);
                double jitB = jitEnd.getOrDefault(label, -1.0);
                usage.add(new LoadReport.ProcessUsage(label, e.pid(), b.rssBytes(),
                        Math.max(rssPeak.getOrDefault(label, 0L), e.rssBytes()), e.rssBytes(),
                        100.0 * (e.cpuSeconds() - b.cpuSeconds()) / seconds, e.cpuSeconds() - b.cpuSeconds(),
                        jitA < 0 || jitB < 0 ? -1 : jitB - jitA));
            }
        });
        LoadReport.Streaming streaming = spec.stream()
                ? new LoadReport.Streaming(s.chunks(), spec.expectedChunks() > 0 ? spec.expectedChunks()
                : maxChunks.get(), s.lostChunks(), LatencySummary.ofMicros(ttft), LatencySummary.ofMicros(gap))
                : null;
        return new LoadReport(spec.url().toString(), spec.constantRate() ? "constant-rate" : "closed-loop",
                spec.connections(), spec.threads(), seconds, (measureStart - start) / 1e9, outcome.text, spec.rate(),
                s.completed(), s.completed() / seconds, s.bytes(), s.errors(), s.late(), s.reconnects(),
                sampler.peakInFlight, LatencySummary.ofMicros(latency), LatencySummary.ofMicros(raw), streaming,
                usage);
    }

    private static void collect(List<LoadWorker> workers, Histogram latency, Histogram raw, Histogram ttft,
                                Histogram gap) {
        for (LoadWorker w : workers) {
            w.recorders().drainInto(latency, raw, ttft, gap);
        }
    }

    private static Map<String, ProcStats.Sample> sampleAll(LoadSpec spec) {
        Map<String, ProcStats.Sample> m = new LinkedHashMap<>();
        spec.processes().forEach((label, pid) -> {
            ProcStats.Sample s = ProcStats.sample(pid);
            if (s != null) {
                m.put(label, s);
            }
        });
        return m;
    }

    /** JIT milliseconds of every sampled process, by label (absent: unreadable). */
    private static Map<String, Double> jitAll(LoadSpec spec) {
        Map<String, Double> m = new LinkedHashMap<>();
        spec.processes().forEach((label, pid) -> {
            double ms = JitClock.compileMillis(pid);
            if (ms >= 0) {
                m.put(label, ms);
            }
        });
        return m;
    }

    /** The JIT milliseconds of all sampled processes together, or -1 when none is readable. */
    private static double jitMillis(LoadSpec spec) {
        Map<String, Double> m = jitAll(spec);
        return m.isEmpty() ? -1 : m.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** The once-a-second progress line and in-flight sampling. */
    private static final class Sampler {
        private final LoadSpec spec;
        private final PrintWriter out;
        private final LoadCounters counters;
        private final List<LoadWorker> workers;
        private final long start;
        private LoadCounters.Snapshot last;
        private LoadCounters.Snapshot base;
        private long lastAt;
        long peakInFlight;

        Sampler(LoadSpec spec, PrintWriter out, LoadCounters counters, List<LoadWorker> workers, long start) {
            this.spec = spec;
            this.out = out;
            this.counters = counters;
            this.workers = workers;
            this.start = start;
            this.last = counters.snapshot();
            this.base = last;
            this.lastAt = start;
        }

        void startMeasuring(LoadCounters.Snapshot b) {
            base = b;
            last = b;
            lastAt = System.nanoTime();
            peakInFlight = 0;
        }

        /** Samples once: prints the progress line and returns the throughput since the last tick. */
        double tick(Histogram latencySoFar, boolean warmup) {
            long now = System.nanoTime();
            long inFlight = workers.stream().mapToLong(LoadWorker::inFlight).sum();
            peakInFlight = Math.max(peakInFlight, inFlight);
            LoadCounters.Snapshot s = counters.snapshot();
            double rate = (s.completed() - last.completed()) * 1e9 / Math.max(1, now - lastAt);
            long errors = s.minus(base).errorTotal();
            if (spec.progress() && out != null) {
                String p99 = warmup || latencySoFar.getTotalCount() == 0 ? "-"
                        : String.format(Locale.ROOT, "%.2f ms", latencySoFar.getValueAtPercentile(99) / 1000.0);
                out.printf(Locale.ROOT, "\r[%5.1fs%s] %,9.0f req/s  p99 %-10s errors %,d  in flight %d   ",
                        (now - start) / 1e9, warmup ? " warm-up" : "", rate, p99, errors, inFlight);
                out.flush();
            }
            last = s;
            lastAt = now;
            return rate;
        }

        void finish() {
            if (out != null) {
                out.println();
                out.flush();
            }
        }
    }
}
