package org.openrouterproxy.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The counters all workers of one run add to (latencies go to each worker's {@link WorkerRecorders}). */
final class LoadCounters {
    final LongAdder completed = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder late = new LongAdder();
    final LongAdder chunks = new LongAdder();
    final LongAdder lostChunks = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** Counter values at one instant; differences of two snapshots give a phase's numbers. */
    record Snapshot(long completed, long bytes, long late, long chunks, long lostChunks, long reconnects,
                    Map<String, Long> errors) {
        long errorTotal() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        Snapshot minus(Snapshot base) {
            Map<String, Long> e = new TreeMap<>();
            errors.forEach((k, v) -> {
                long d = v - base.errors.getOrDefault(k, 0L);
                if (d != 0) {
                    e.put(k, d);
                }
            });
            return new Snapshot(completed - base.completed, bytes - base.bytes, late - base.late,
                    chunks - base.chunks, lostChunks - base.lostChunks, reconnects - base.reconnects, e);
        }
    }

    Snapshot snapshot() {
        Map<String, Long> e = new TreeMap<>();
        errors.forEach((k, v) -> e.put(k, v.sum()));
        return new Snapshot(completed.sum(), bytes.sum(), late.sum(), chunks.sum(), lostChunks.sum(),
                reconnects.sum(), e);
    }
}
