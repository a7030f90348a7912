package org.openrouterproxy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a {@link LoadReport} against targets: a minimum throughput, a p99 ceiling (end to end, or time to first
 * token when streaming, where the total is dominated by the upstream's pacing), and no errors at all.
 *
 * @param met   true when every check passed
 * @param lines one line per check, starting with PASS or FAIL
 */
public record Verdict(boolean met, List<String> lines) {

    /**
     * @param minQps   required successful requests/second, or null to skip the check
     * @param maxP99Ms required p99 in milliseconds (strictly below)
     */
    public static Verdict check(LoadReport r, Double minQps, double maxP99Ms) {
        List<String> lines = new ArrayList<>();
        boolean met = true;
        if (minQps != null) {
            boolean ok = r.throughput() >= minQps;
            met &= ok;
            lines.add(line(ok, "throughput %,.0f req/s (target >= %,.0f)", r.throughput(), minQps));
        }
        boolean stream = r.streaming() != null;
        double p99 = stream ? r.streaming().ttft().p99() : r.latency().p99();
        boolean enough = (stream ? r.streaming().ttft().count() : r.latency().count()) > 0;
        boolean ok = enough && p99 < maxP99Ms;
        met &= ok;
        lines.add(line(ok, "%s p99 %.3f ms (target < %.3f ms)%s", stream ? "time to first token" : "latency", p99,
                maxP99Ms, enough ? "" : ": no successful request"));
        boolean clean = r.errorCount() == 0;
        met &= clean;
        lines.add(line(clean, "errors %,d%s (target 0)", r.errorCount(), clean ? "" : " " + r.errors()));
        return new Verdict(met, List.copyOf(lines));
    }

    private static String line(boolean ok, String format, Object... args) {
        return (ok ? "PASS  " : "FAIL  ") + String.format(Locale.ROOT, format, args);
    }
}
