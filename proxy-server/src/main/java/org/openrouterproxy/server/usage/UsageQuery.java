package org.openrouterproxy.server.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.openrouterproxy.core.ProxyError;

/**
 * What a usage report covers: records with {@code from <= time < to}, grouped by some of {@code key}, {@code model}
 * and {@code day} (UTC). {@link #parse} reads the query parameters of {@code GET /v1/usage}.
 *
 * @param from    first instant included
 * @param to      first instant excluded
 * @param groupBy the grouping dimensions, in the order given, no duplicates, at least one
 */
public record UsageQuery(Instant from, Instant to, List<Dimension> groupBy) {
    /** The default period: the last 7 days. */
    public static final Duration DEFAULT_PERIOD = Duration.ofDays(7);

    /** What rows are grouped by. */
    public enum Dimension {
        KEY("key_id"), MODEL("model"), DAY("ts_ms / 86400000");

        private final String column;

        Dimension(String column) {
            this.column = column;
        }

        /** The SQL expression; the day is an integer number of UTC days since the epoch on both databases. */
        String column() {
            return column;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public UsageQuery {
        groupBy = List.copyOf(groupBy);
        if (groupBy.isEmpty()) {
            throw new IllegalArgumentException("group_by needs at least one of key, model, day");
        }
    }

    /** {@code group_by} as given, e.g. {@code key,model}. */
    public String groupByLabel() {
        return String.join(",", groupBy.stream().map(Dimension::label).toList());
    }

    /**
     * Parses {@code from}, {@code to} (ISO-8601 instants such as {@code 2026-12-01T08:00:00Z}, or dates such as
     * {@code 2026-12-01}: a date as {@code from} starts at its UTC midnight, as {@code to} includes that whole day;
     * defaults: the last 7 days up to now) and {@code group_by} (comma-separated key, model, day; default key).
     *
     * @throws ProxyError 400 {@code invalid_request_error} naming the bad parameter
     */
    public static UsageQuery parse(String from, String to, String groupBy, Instant now) {
        Instant t = blank(to) ? now : instant("to", to, true);
        Instant f = blank(from) ? t.minus(DEFAULT_PERIOD) : instant("from", from, false);
        if (!f.isBefore(t)) {
            throw bad("from", "'from' (" + f + ") must be before 'to' (" + t + ")");
        }
        return new UsageQuery(f, t, dimensions(blank(groupBy) ? "key" : groupBy));
    }

    /** Parses {@code 24h}, {@code 7d}, {@code 30m} or an ISO-8601 duration ({@code PT12H}). */
    public static Duration since(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.matches("\\d{1,9}[smhdw]")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                };
            } else {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // below
        }
        throw new IllegalArgumentException("'" + value + "' is not a period such as 24h, 7d or 30d");
    }

    private static Instant instant(String param, String value, boolean endOfDay) {
        String v = value.trim();
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(param, "'" + param + "' must be an ISO-8601 instant such as 2026-12-01T08:00:00Z or a date "
                    + "such as 2026-12-01; got '" + shorten(v) + "'");
        }
    }

    private static List<Dimension> dimensions(String value) {
        List<Dimension> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            Dimension d = switch (part.trim().toLowerCase(Locale.ROOT)) {
                case "key" -> Dimension.KEY;
                case "model" -> Dimension.MODEL;
                case "day" -> Dimension.DAY;
                default -> null;
            };
            if (d == null || out.contains(d)) {
                throw bad("group_by", "'group_by' must be key, model or day, or a comma-separated combination such "
                        + "as key,model; got '" + shorten(value) + "'");
            }
            out.add(d);
        }
        return out;
    }

    private static ProxyError bad(String param, String message) {
        return new ProxyError(400, "invalid_request_error", "invalid_" + param, message);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String shorten(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
