package org.openrouterproxy.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The proxy's own meters, one instance per server, rendered as Prometheus text by {@link #render()}. Labels are
 * bounded: route (a fixed enum), status class (1xx-5xx), token kind. No static state.
 */
final class ProxyMetrics {
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    /** Why upstream was tried again: a connect failure or the status it answered. */
    static final String[] RETRY_REASONS = {"connect", "429", "502", "503", "529"};
    /** The error codes of a broken upstream answer (see {@link ResponseRelay}). */
    static final String[] FAULT_CODES = {"upstream_timeout", "upstream_broken", "upstream_truncated",
        "bad_upstream_response", "sse_event_too_large", "upstream_body_too_large"};

    private final LongAdder[][] requests = new LongAdder[Route.values().length][STATUS_CLASSES.length];
    private final Histogram[] duration = new Histogram[Route.values().length];
    private final Histogram upstreamTtfb = new Histogram(Histogram.LATENCY_BUCKETS);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder completionTokens = new LongAdder();
    private final LongAdder cachedTokens = new LongAdder();
    private final LongAdder markersInjected = new LongAdder();
    private final LongAdder cacheInjected = new LongAdder();
    private final LongAdder cacheSkipped = new LongAdder();
    private final LongAdder clientAborts = new LongAdder();
    private final LongAdder upstreamUnreachable = new LongAdder();
    private final LongAdder upstreamTimeouts = new LongAdder();
    private final LongAdder[] retries = adders(RETRY_REASONS.length);
    private final LongAdder[] faults = adders(FAULT_CODES.length);

    ProxyMetrics() {
        for (int r = 0; r < requests.length; r++) {
            for (int c = 0; c < STATUS_CLASSES.length; c++) {
                requests[r][c] = new LongAdder();
            }
            duration[r] = new Histogram(Histogram.LATENCY_BUCKETS);
        }
    }

    void requestStarted() {
        inFlight.incrementAndGet();
    }

    void requestFinished(Route route, int status, long nanos, boolean clientAborted) {
        inFlight.decrementAndGet();
        int c = Math.min(Math.max(status / 100, 1), 5) - 1;
        requests[route.ordinal()][c].increment();
        duration[route.ordinal()].observeNanos(nanos);
        if (clientAborted) {
            clientAborts.increment();
        }
    }

    void upstreamHeaders(long ttfbNanos) {
        upstreamTtfb.observeNanos(ttfbNanos);
    }

    void upstreamFailure(int status) {
        (status == 504 ? upstreamTimeouts : upstreamUnreachable).increment();
    }

    /** One retry of an upstream call; {@code reason} is one of {@link #RETRY_REASONS}. */
    void upstreamRetry(String reason) {
        count(retries, RETRY_REASONS, reason);
    }

    /** One broken upstream answer, by error code; codes outside {@link #FAULT_CODES} are not counted. */
    void upstreamFault(String code) {
        count(faults, FAULT_CODES, code);
    }

    private static void count(LongAdder[] adders, String[] labels, String label) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equals(label)) {
                adders[i].increment();
                return;
            }
        }
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    void cacheDecision(boolean injected, int markers) {
        (injected ? cacheInjected : cacheSkipped).increment();
        markersInjected.add(markers);
    }

    void tokens(long prompt, long completion, long cached) {
        promptTokens.add(Math.max(0, prompt));
        completionTokens.add(Math.max(0, completion));
        cachedTokens.add(Math.max(0, cached));
    }

    int inFlight() {
        return inFlight.get();
    }

    /** The Prometheus text exposition (format 0.0.4). */
    String render() {
        StringBuilder sb = new StringBuilder(4096);
        head(sb, "proxy_requests_total", "counter", "Requests by route and status class.");
        for (Route r : Route.values()) {
            for (int c = 0; c < STATUS_CLASSES.length; c++) {
                long n = requests[r.ordinal()][c].sum();
                if (n > 0) {
                    sb.append("proxy_requests_total{route=\"").append(r.label()).append("\",status=\"")
                            .append(STATUS_CLASSES[c]).append("\"} ").append(n).append('\n');
                }
            }
        }
        head(sb, "proxy_request_duration_seconds", "histogram", "Total request latency by route.");
        for (Route r : Route.values()) {
            if (duration[r.ordinal()].count() > 0) {
                duration[r.ordinal()].render(sb, "proxy_request_duration_seconds", "route=\"" + r.label() + "\"");
            }
        }
        head(sb, "proxy_upstream_ttfb_seconds", "histogram", "Time from sending upstream to its response headers.");
        upstreamTtfb.render(sb, "proxy_upstream_ttfb_seconds", "");
        head(sb, "proxy_requests_in_flight", "gauge", "Requests being handled now, open streams included.");
        sb.append("proxy_requests_in_flight ").append(inFlight.get()).append('\n');
        head(sb, "proxy_tokens_total", "counter", "Tokens reported by upstream usage, by kind.");
        sb.append("proxy_tokens_total{kind=\"prompt\"} ").append(promptTokens.sum()).append('\n');
        sb.append("proxy_tokens_total{kind=\"completion\"} ").append(completionTokens.sum()).append('\n');
        sb.append("proxy_tokens_total{kind=\"cached\"} ").append(cachedTokens.sum()).append('\n');
        head(sb, "proxy_cache_markers_injected_total", "counter", "cache_control markers placed in requests.");
        sb.append("proxy_cache_markers_injected_total ").append(markersInjected.sum()).append('\n');
        head(sb, "proxy_cache_decisions_total", "counter", "Chat requests by cache decision.");
        sb.append("proxy_cache_decisions_total{decision=\"injected\"} ").append(cacheInjected.sum()).append('\n');
        sb.append("proxy_cache_decisions_total{decision=\"skipped\"} ").append(cacheSkipped.sum()).append('\n');
        head(sb, "proxy_upstream_failures_total", "counter", "Upstream calls that got no response, by kind.");
        sb.append("proxy_upstream_failures_total{kind=\"unreachable\"} ").append(upstreamUnreachable.sum())
                .append('\n');
        sb.append("proxy_upstream_failures_total{kind=\"timeout\"} ").append(upstreamTimeouts.sum()).append('\n');
        head(sb, "proxy_upstream_retries_total", "counter", "Upstream calls tried again, by reason.");
        labelled(sb, "proxy_upstream_retries_total", "reason", RETRY_REASONS, retries);
        head(sb, "proxy_upstream_faults_total", "counter", "Broken upstream answers (timeouts, resets, bad bodies).");
        labelled(sb, "proxy_upstream_faults_total", "code", FAULT_CODES, faults);
        head(sb, "proxy_client_aborts_total", "counter", "Requests whose client disconnected before the end.");
        sb.append("proxy_client_aborts_total ").append(clientAborts.sum()).append('\n');
        return sb.toString();
    }

    /** Only non-zero series, so the label set stays small and absent means never. */
    private static void labelled(StringBuilder sb, String name, String label, String[] values, LongAdder[] adders) {
        for (int i = 0; i < values.length; i++) {
            long n = adders[i].sum();
            if (n > 0) {
                sb.append(name).append('{').append(label).append("=\"").append(values[i]).append("\"} ").append(n)
                        .append('\n');
            }
        }
    }

    private static void head(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
