package org.openrouterproxy.server.usage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openrouterproxy.core.ModelPrices;
import org.openrouterproxy.core.ModelPricing;

/**
 * The usage ledger: {@link #record} puts a record on a bounded queue and returns (a full queue drops and counts it,
 * never blocks); one writer thread drains the queue and writes batches, each in one transaction, at least every
 * {@link #FLUSH_MILLIS} ms, pricing each record's cache saving on the way. {@link #close} drains what is queued.
 */
public final class UsageLedger implements AutoCloseable {
    /** Longest a record waits in the queue while records keep coming: a kill -9 loses at most this much. */
    public static final long FLUSH_MILLIS = 25;
    public static final int DEFAULT_QUEUE = 16_384;
    static final int MAX_BATCH = 1_000;
    static final int WRITE_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(UsageLedger.class.getName());
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    /** Where the batches go: the database, or a test's stand-in. */
    interface Sink {
        void write(List<UsageRecord> batch, List<UsageStore.PricedSaving> savings) throws SQLException;
    }

    /** The model prices: called on the writer thread only, may fetch (it must not throw). */
    public interface PriceSource {
        /**
         * The current prices; {@code missing} says a record's model has no price yet, so a source may refresh
         * (it should limit how often it tries).
         */
        ModelPrices prices(boolean missing);
    }

    private final ArrayBlockingQueue<UsageRecord> queue;
    private final Sink sink;
    private final UsageStore store;
    private final PriceSource prices;
    private final Thread writer;
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder writeErrors = new LongAdder();
    private volatile boolean running = true;

    UsageLedger(Sink sink, UsageStore store, PriceSource prices, int queueCapacity) {
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.sink = sink;
        this.store = store;
        this.prices = prices;
        this.writer = Thread.ofPlatform().name("usage-ledger-writer").daemon(true).unstarted(this::run);
        this.writer.start();
    }

    /** A ledger writing to {@code store}, which it closes on {@link #close}. */
    public static UsageLedger start(UsageStore store, PriceSource prices, int queueCapacity) {
        return new UsageLedger(store::insert, store, prices, queueCapacity);
    }

    /** Queues one record; never blocks: a full queue drops it and counts the drop. */
    public void record(UsageRecord r) {
        if (!running || !queue.offer(r)) {
            dropped.increment();
        }
    }

    /** Aggregates the stored records (on the caller's thread, on a connection of its own). */
    public UsageReport report(UsageQuery q) {
        if (store == null) {
            throw new IllegalStateException("this ledger has no database");
        }
        return store.report(q);
    }

    /** Records written to the database. */
    public long written() {
        return written.sum();
    }

    /** Records lost: the queue was full, or a batch failed {@link #WRITE_ATTEMPTS} times. */
    public long dropped() {
        return dropped.sum();
    }

    /** Failed batch writes (each retried up to {@link #WRITE_ATTEMPTS} times). */
    public long writeErrors() {
        return writeErrors.sum();
    }

    /** Prometheus text of the ledger's counters. */
    public void render(StringBuilder sb) {
        counter(sb, "proxy_usage_records_total", "Usage records written to the ledger.", written());
        counter(sb, "proxy_usage_dropped_total", "Usage records dropped (queue full or write failed).", dropped());
        counter(sb, "proxy_usage_write_errors_total", "Failed usage ledger batch writes.", writeErrors());
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n");
        sb.append(name).append(' ').append(value).append('\n');
    }

    private void run() {
        List<UsageRecord> batch = new ArrayList<>(MAX_BATCH);
        List<UsageStore.PricedSaving> savings = new ArrayList<>(MAX_BATCH);
        while (true) {
            boolean stopping = !running;
            queue.drainTo(batch, MAX_BATCH);
            if (batch.isEmpty()) {
                if (stopping) {
                    return;
                }
                // sleep instead of waiting on the queue: a waiting writer would make every record's offer signal
                // it, a thread wake-up per request; a batch is at most FLUSH_MILLIS old when it is written
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS));
                Thread.interrupted();
                continue;
            }
            price(batch, savings);
            write(batch, savings);
            batch.clear();
            savings.clear();
        }
    }

    private void price(List<UsageRecord> batch, List<UsageStore.PricedSaving> out) {
        ModelPrices p = safePrices(false);
        boolean missing = false;
        for (UsageRecord r : batch) {
            missing |= r.model() != null && p.get(r.model()) == null;
        }
        if (missing) {
            p = safePrices(true);
        }
        for (UsageRecord r : batch) {
            out.add(saving(p.get(r.model()), r));
        }
    }

    private ModelPrices safePrices(boolean missing) {
        try {
            ModelPrices p = prices.prices(missing);
            return p == null ? ModelPrices.NONE : p;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "model prices unavailable", e);
            return ModelPrices.NONE;
        }
    }

    static UsageStore.PricedSaving saving(ModelPricing pricing, UsageRecord r) {
        if (pricing == null) {
            return new UsageStore.PricedSaving(null, null);
        }
        ModelPricing.Saving s = pricing.saving(r.promptTokens(), r.cachedTokens(), r.cacheWriteTokens());
        return s == null ? new UsageStore.PricedSaving(null, null)
                : new UsageStore.PricedSaving(s.costWithoutCacheNanos(), s.savingNanos());
    }

    private void write(List<UsageRecord> batch, List<UsageStore.PricedSaving> savings) {
        for (int attempt = 1; ; attempt++) {
            try {
                sink.write(batch, savings);
                written.add(batch.size());
                return;
            } catch (SQLException | RuntimeException e) {
                writeErrors.increment();
                if (attempt >= WRITE_ATTEMPTS) {
                    dropped.add(batch.size());
                    LOG.warning("usage ledger: dropped " + batch.size() + " record(s) after " + attempt
                            + " failed writes: " + UsageStore.reason(e));
                    return;
                }
                LOG.log(Level.FINE, "usage ledger write failed; retrying", e);
                pause(attempt * FLUSH_MILLIS * 2);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking records, writes what is queued (waiting up to 10 s) and closes the database. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warning("usage ledger: writer still busy after " + CLOSE_WAIT_MILLIS / 1000 + " s; "
                    + queue.size() + " record(s) not written");
        }
        if (store != null && !writer.isAlive()) {
            store.close();
        }
    }
}
