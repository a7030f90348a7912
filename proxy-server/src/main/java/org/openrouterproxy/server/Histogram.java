package org.openrouterproxy.server;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A fixed-bucket latency histogram in seconds, rendered in Prometheus text format. Lock-free. */
final class Histogram {
    static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

    private final double[] bounds;
    private final LongAdder[] counts;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void observeNanos(long nanos) {
        double seconds = nanos / 1e9;
        for (int i = 0; i < bounds.length; i++) {
            if (seconds <= bounds[i]) {
                counts[i].increment();
                break;
            }
        }
        count.increment();
        sum.add(seconds);
    }

    long count() {
        return count.sum();
    }

    /** Appends {@code name_bucket}, {@code name_sum} and {@code name_count} lines; {@code labels} may be empty. */
    void render(StringBuilder sb, String name, String labels) {
        String sep = labels.isEmpty() ? "" : labels + ",";
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += counts[i].sum();
            sb.append(name).append("_bucket{").append(sep).append("le=\"").append(bounds[i]).append("\"} ")
                    .append(cumulative).append('\n');
        }
        // buckets and count are separate adders: a scrape racing an observation must still see +Inf >= every bucket
        long total = Math.max(count.sum(), cumulative);
        sb.append(name).append("_bucket{").append(sep).append("le=\"+Inf\"} ").append(total).append('\n');
        String l = labels.isEmpty() ? "" : "{" + labels + "}";
        sb.append(name).append("_sum").append(l).append(' ').append(sum.sum()).append('\n');
        sb.append(name).append("_count").append(l).append(' ').append(total).append('\n');
    }
}
