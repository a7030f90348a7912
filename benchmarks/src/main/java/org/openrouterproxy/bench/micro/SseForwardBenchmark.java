package org.openrouterproxy.bench.micro;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openrouterproxy.core.SseEvent;
import org.openrouterproxy.core.SseEventReader;
import org.openrouterproxy.core.Usage;
import org.openrouterproxy.core.UsageReader;

/**
 * Forwarding one streamed answer event by event, as the proxy does: {@link SseEventReader} frames the events, each
 * raw event is written on, and the usage chunk is read. Baselines: a plain byte copy (the floor, no framing) and a
 * naive line-by-line copy through {@link BufferedReader} (decode and re-encode every line).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SseForwardBenchmark {
    private static final byte[] USAGE = "\"usage\":".getBytes(StandardCharsets.US_ASCII);

    /** Content chunks in the streamed answer. */
    @Param({"64", "1024"})
    public int chunks;

    private byte[] transcript;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);

    @Setup
    public void setUp() {
        transcript = Payloads.sseTranscript(chunks);
    }

    @Benchmark
    public Usage forwardEvents() throws IOException {
        out.reset();
        Usage usage = null;
        try (SseEventReader reader = new SseEventReader(new ByteArrayInputStream(transcript), 1 << 20)) {
            SseEvent e;
            while ((e = reader.next()) != null) {
                out.write(e.raw());
                if (!e.isComment() && !e.isDone()) {
                    byte[] raw = e.raw();
                    // the proxy reads usage only from the chunk that carries it
                    if (raw.length > 20 && indexOf(raw, USAGE) >= 0) {
                        usage = UsageReader.fromEventData(e.data());
                    }
                }
            }
        }
        return usage;
    }

    private static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = 0; i <= a.length - b.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (a[i + j] != b[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Benchmark
    public int baselineByteCopy() throws IOException {
        out.reset();
        new ByteArrayInputStream(transcript).transferTo(out);
        return out.size();
    }

    @Benchmark
    public void baselineLineCopy(Blackhole bh) throws IOException {
        out.reset();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(transcript),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        bh.consume(out.size());
    }
}
