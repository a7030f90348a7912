package org.openrouterproxy.bench;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency distribution, in milliseconds.
 *
 * @param count number of values
 * @param mean  arithmetic mean
 * @param p50   median
 * @param p90   90th percentile
 * @param p99   99th percentile
 * @param p999  99.9th percentile
 * @param max   largest value
 */
public record LatencySummary(long count, double mean, double p50, double p90, double p99, double p999, double max) {
    /** The summary of no values at all. */
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    /** Summarises a histogram of microsecond values. */
    public static LatencySummary ofMicros(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(h.getTotalCount(), h.getMean() / 1000.0,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0,
                h.getMaxValue() / 1000.0);
    }
}
