package org.openrouterproxy.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The latency recorders of one worker thread (microseconds). Single-writer recorders, so the selector threads never
 * contend on a shared histogram; the sampling thread swaps out interval histograms without stopping them.
 */
final class WorkerRecorders {
    final SingleWriterRecorder latency = new SingleWriterRecorder(3);
    final SingleWriterRecorder rawLatency = new SingleWriterRecorder(3);
    final SingleWriterRecorder ttft = new SingleWriterRecorder(3);
    final SingleWriterRecorder gap = new SingleWriterRecorder(3);

    /** Moves everything recorded since the last call into the given totals. */
    void drainInto(Histogram latencyTotal, Histogram rawTotal, Histogram ttftTotal, Histogram gapTotal) {
        latencyTotal.add(latency.getIntervalHistogram());
        rawTotal.add(rawLatency.getIntervalHistogram());
        ttftTotal.add(ttft.getIntervalHistogram());
        gapTotal.add(gap.getIntervalHistogram());
    }
}
