package org.openrouterproxy.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.openrouterproxy.server.usage.UsageReport;

/** Renders a {@link UsageReport} for people (an aligned table) and for spreadsheets (CSV). */
final class UsageTable {
    private static final String[] HEAD = {"KEY", "MODEL", "DAY", "REQUESTS", "PROMPT", "COMPLETION", "CACHED",
        "COST USD", "SAVED USD"};

    private UsageTable() {
    }

    static String table(UsageReport r) {
        boolean key = r.groupBy().contains("key");
        boolean model = r.groupBy().contains("model");
        boolean day = r.groupBy().contains("day");
        List<String[]> lines = new ArrayList<>();
        lines.add(HEAD);
        for (UsageReport.Row row : r.rows()) {
            lines.add(cells(row, false));
        }
        lines.add(cells(r.totals(), true));
        int[] width = new int[HEAD.length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("usage from ").append(r.from()).append(" to ").append(r.to()).append(" by ").append(r.groupBy())
                .append('\n');
        for (String[] l : lines) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < l.length; i++) {
                if ((i == 0 && !key) || (i == 1 && !model) || (i == 2 && !day)) {
                    continue;
                }
                boolean left = i < 3;
                String cell = left ? String.format("%-" + width[i] + "s", l[i])
                        : String.format("%" + width[i] + "s", l[i]);
                line.append(line.length() == 0 ? "" : "  ").append(cell);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        if (r.totals().savingUnknownRequests() > 0) {
            sb.append("* ").append(r.totals().savingUnknownRequests())
                    .append(" request(s) of models without known prices: their saving is not counted\n");
        }
        return sb.toString();
    }

    private static String[] cells(UsageReport.Row row, boolean total) {
        return new String[] {total ? "TOTAL" : text(row.key()), total ? "" : text(row.model()),
            total || row.day() == null ? "" : row.day().toString(), Long.toString(row.requests()),
            Long.toString(row.promptTokens()), Long.toString(row.completionTokens()),
            String.format(Locale.ROOT, "%.1f%%", row.cachedShare() * 100), money(row.costNanos()),
            money(row.savedNanos()) + (row.savingUnknownRequests() > 0 ? "*" : "")};
    }

    private static String text(String s) {
        return s == null ? "-" : s;
    }

    private static String money(Long nanos) {
        return nanos == null ? "?" : String.format(Locale.ROOT, "%.6f", nanos / 1e9);
    }

    static String csv(UsageReport r) {
        StringBuilder sb = new StringBuilder("key,model,day,requests,prompt_tokens,completion_tokens,cached_tokens,"
                + "cache_write_tokens,cached_share,cost_usd,saved_usd,saving_unknown_requests\n");
        for (UsageReport.Row row : r.rows()) {
            sb.append(field(row.key())).append(',').append(field(row.model())).append(',')
                    .append(row.day() == null ? "" : row.day().toString()).append(',').append(row.requests())
                    .append(',').append(row.promptTokens()).append(',').append(row.completionTokens()).append(',')
                    .append(row.cachedTokens()).append(',').append(row.cacheWriteTokens()).append(',')
                    .append(String.format(Locale.ROOT, "%.4f", row.cachedShare())).append(',')
                    .append(row.costNanos() == null ? "" : UsageReport.usd(row.costNanos())).append(',')
                    .append(row.savedNanos() == null ? "" : UsageReport.usd(row.savedNanos())).append(',')
                    .append(row.savingUnknownRequests()).append('\n');
        }
        return sb.toString();
    }

    /** A CSV field: quoted when it holds a comma, quote or line break (model ids are client-chosen), no formulas. */
    private static String field(String s) {
        if (s == null) {
            return "";
        }
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;  // never a spreadsheet formula
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
