package org.openrouterproxy.bench.micro;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openrouterproxy.server.CoarseTimer;

/**
 * What a request pays for a deadline that it cancels before it is due (the body-read watchdog and the JSON client
 * watch do this on every request): schedule + cancel on a {@link ScheduledThreadPoolExecutor} with
 * remove-on-cancel ({@code before}) against the proxy's {@link CoarseTimer} ({@code after}). Two threads schedule at
 * once, as the two carrier threads of the proxy do; the timer threads' own work is part of the measured CPU only
 * through contention, so read the proxy's CPU per request in {@code proxy bench} for the whole effect.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(2)
public class DeadlineTimerBenchmark {
    private static final long DELAY_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Runnable NOTHING = () -> { };

    private ScheduledThreadPoolExecutor executor;
    private CoarseTimer coarse;

    @Setup(Level.Trial)
    public void setUp() {
        executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        coarse = new CoarseTimer("bench-coarse-timer", Duration.ofMillis(25));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.shutdownNow();
        coarse.close();
    }

    @Benchmark
    public boolean before() {
        ScheduledFuture<?> f = executor.schedule(NOTHING, DELAY_NANOS, TimeUnit.NANOSECONDS);
        return f.cancel(false);
    }

    @Benchmark
    public boolean after() {
        return coarse.schedule(NOTHING, DELAY_NANOS).cancel();
    }
}
