package org.openrouterproxy.cli.chat;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The quiet line of facts printed on stderr after an answer, e.g.
 * {@code anthropic/claude-sonnet-4.5 | ttft 212 ms | total 1.84 s | in 1234 (cached 1024) | out 56 | cost $0.0042}.
 */
final class FactsLine {
    private FactsLine() {
    }

    /** The facts of {@code answer}; {@code requestedModel} is shown when upstream did not name the model. */
    static String of(String requestedModel, Answer answer) {
        StringBuilder sb = new StringBuilder(answer.model() != null ? answer.model() : requestedModel);
        if (answer.ttftNanos() >= 0) {
            sb.append(" | ttft ").append(duration(answer.ttftNanos()));
        }
        sb.append(" | total ").append(duration(answer.totalNanos()));
        TokenUsage u = answer.usage();
        if (u == null) {
            sb.append(" | usage not reported");
            return sb.toString();
        }
        sb.append(" | in ").append(u.promptTokens());
        if (u.cachedTokens() != null) {
            sb.append(" (cached ").append(u.cachedTokens()).append(')');
        }
        sb.append(" | out ").append(u.completionTokens());
        if (u.cost() != null) {
            sb.append(" | cost ").append(money(u.cost()));
        }
        return sb.toString();
    }

    static String duration(long nanos) {
        long ms = nanos / 1_000_000;
        if (ms < 1000) {
            return ms + " ms";
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    static String money(double usd) {
        String plain = new BigDecimal(String.format(Locale.ROOT, "%.6f", usd)).stripTrailingZeros().toPlainString();
        return "$" + plain;
    }
}
