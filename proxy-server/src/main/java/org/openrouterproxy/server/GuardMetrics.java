package org.openrouterproxy.server;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the admission path: requests shed at the concurrency cap, rate limited, refused while draining or for memory. */
final class GuardMetrics {
    private final LongAdder shed = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder draining = new LongAdder();
    private final LongAdder bodyTimeouts = new LongAdder();
    private final LongAdder endedByShutdown = new LongAdder();
    private final LongAdder memory = new LongAdder();

    void shed() {
        shed.increment();
    }

    void rateLimited() {
        rateLimited.increment();
    }

    void refusedWhileDraining() {
        draining.increment();
    }

    void bodyReadTimeout() {
        bodyTimeouts.increment();
    }

    /** A request refused because the body buffer budget ({@link BodyBudget}) had no room. */
    void rejectedForMemory() {
        memory.increment();
    }

    void endedByShutdown(int n) {
        endedByShutdown.add(n);
    }

    /** Appends the Prometheus text of these counters plus the current admitted-request gauge. */
    void render(StringBuilder sb, int admitted) {
        sb.append("# HELP proxy_rejected_total Requests refused before reaching a handler, by reason.\n");
        sb.append("# TYPE proxy_rejected_total counter\n");
        sb.append("proxy_rejected_total{reason=\"overloaded\"} ").append(shed.sum()).append('\n');
        sb.append("proxy_rejected_total{reason=\"rate_limited\"} ").append(rateLimited.sum()).append('\n');
        sb.append("proxy_rejected_total{reason=\"shutting_down\"} ").append(draining.sum()).append('\n');
        sb.append("proxy_rejected_total{reason=\"memory\"} ").append(memory.sum()).append('\n');
        sb.append("# HELP proxy_body_read_timeouts_total Requests whose client sent its body too slowly.\n");
        sb.append("# TYPE proxy_body_read_timeouts_total counter\n");
        sb.append("proxy_body_read_timeouts_total ").append(bodyTimeouts.sum()).append('\n');
        sb.append("# HELP proxy_shutdown_aborted_total Requests still running when the shutdown grace ended.\n");
        sb.append("# TYPE proxy_shutdown_aborted_total counter\n");
        sb.append("proxy_shutdown_aborted_total ").append(endedByShutdown.sum()).append('\n');
        sb.append("# HELP proxy_admitted_in_flight /v1 requests holding a concurrency slot (open streams included).\n");
        sb.append("# TYPE proxy_admitted_in_flight gauge\n");
        sb.append("proxy_admitted_in_flight ").append(admitted).append('\n');
    }
}
