package org.openrouterproxy.server;

/** Reads token usage from upstream chat answers (JSON body or the last SSE usage chunk) into the metrics. */
final class UsageTap {
    private final ProxyMetrics metrics;

    UsageTap(ProxyMetrics metrics) {
        this.metrics = metrics;
    }

    void fromJson(byte[] body, Exchange ex) {
        // filled in once proxy-core's UsageReader is available
    }

    ProxyMetrics metrics() {
        return metrics;
    }
}
