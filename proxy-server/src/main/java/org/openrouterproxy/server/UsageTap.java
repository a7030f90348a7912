package org.openrouterproxy.server;

import org.openrouterproxy.core.Usage;
import org.openrouterproxy.core.UsageReader;

/** Reads token usage from upstream chat answers (JSON body or the SSE usage chunk) into the metrics. */
final class UsageTap {
    static final String USAGE_FIELD = "\"usage\"";

    private final ProxyMetrics metrics;

    UsageTap(ProxyMetrics metrics) {
        this.metrics = metrics;
    }

    void fromJson(byte[] body, Exchange ex) {
        record(UsageReader.fromJson(body), ex);
    }

    /** Parses only events that mention usage (the last chunk), so ordinary content chunks cost a substring scan. */
    void fromEventData(String data, Exchange ex) {
        if (data == null || !data.contains(USAGE_FIELD)) {
            return;
        }
        record(UsageReader.fromEventData(data), ex);
    }

    private void record(Usage u, Exchange ex) {
        if (u == null) {
            return;
        }
        ex.usage = u;
        metrics.tokens(u.promptTokens(), u.completionTokens(), u.cachedTokens());
    }
}
