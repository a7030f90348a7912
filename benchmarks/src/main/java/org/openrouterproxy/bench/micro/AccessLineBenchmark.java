package org.openrouterproxy.bench.micro;

import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openrouterproxy.server.OneLineFormatter;

/**
 * One access-log line as the log writer formats it. {@code before}: what {@code Logger.info} plus
 * {@link SimpleFormatter} cost (the record infers its source by walking the stack, then {@code String.format} with a
 * {@code ZonedDateTime}); {@code after}: the record names its source ({@code logp}) and {@link OneLineFormatter}
 * writes the same text. Allocation per line with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m",
    "-Djava.util.logging.SimpleFormatter.format=" + OneLineFormatter.SIMPLE_FORMAT})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AccessLineBenchmark {
    private static final String LOGGER = "org.openrouterproxy.access";
    private static final String LINE = "id=req-8f3a9c2e1b7d4a60c0ffee01 key=key-1a2b3c4d POST /v1/chat/completions 200"
            + " model=anthropic/claude-sonnet-4.5 stream=false ms=3 ttfb_ms=1 tokens=812/24 cached=0";

    private final SimpleFormatter simple = new SimpleFormatter();
    private final OneLineFormatter oneLine = new OneLineFormatter();

    @Benchmark
    public String before() {
        LogRecord r = new LogRecord(Level.INFO, LINE);
        r.setLoggerName(LOGGER);
        return simple.format(r);
    }

    @Benchmark
    public String after() {
        LogRecord r = new LogRecord(Level.INFO, LINE);
        r.setLoggerName(LOGGER);
        r.setSourceClassName(LOGGER);
        r.setSourceMethodName("log");
        return oneLine.format(r);
    }
}
