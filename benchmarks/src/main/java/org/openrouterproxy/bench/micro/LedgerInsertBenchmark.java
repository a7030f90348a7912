package org.openrouterproxy.bench.micro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openrouterproxy.server.usage.UsageDb;
import org.openrouterproxy.server.usage.UsageRecord;
import org.openrouterproxy.server.usage.UsageStore;

/**
 * The usage ledger's write of one batch (500 records, one transaction) into SQLite (WAL, synchronous=NORMAL, the
 * ledger's own settings and schema), as its writer thread does every 25 ms at about 20k requests per second:
 * {@code rowsPerInsert} 1 is one INSERT per record (before), {@value UsageStore#ROWS_PER_INSERT} the ledger's
 * multi-row INSERT. Time and allocation (-prof gc) per batch; divide by 500 for a record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms256m", "-Xmx512m", "-Xmn160m",
    "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LedgerInsertBenchmark {
    static final int BATCH = 500;

    @Param({"1", "25"})
    public int rowsPerInsert;

    private Path dir;
    private UsageStore store;
    private final List<UsageRecord> batch = new ArrayList<>(BATCH);
    private final List<UsageStore.PricedSaving> savings = new ArrayList<>(BATCH);
    private long sequence;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("ledger-bench");
        store = UsageStore.open(UsageDb.sqlite(dir.resolve("usage.db")), rowsPerInsert);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Benchmark
    public int writeBatch() throws Exception {
        batch.clear();
        savings.clear();
        long now = System.currentTimeMillis();
        for (int i = 0; i < BATCH; i++) {
            long n = sequence++;
            batch.add(new UsageRecord(now, "gen-1796550643-mock" + n, "key-3f9a2c1b", "anthropic/claude-sonnet-4.5",
                    "chat", 200, false, 812, 5, 700, 0, 0.000087, true, 3, 4));
            savings.add(new UsageStore.PricedSaving(100_000L, 13_000L));
        }
        store.insert(batch, savings);
        return batch.size();
    }
}
