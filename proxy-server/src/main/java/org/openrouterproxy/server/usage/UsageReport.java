package org.openrouterproxy.server.usage;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An aggregated usage report: one row per group and the totals. Money is kept as nano-USD and shown as decimal USD.
 * {@link #toJson()} is the body of {@code GET /v1/usage}; {@link #fromJson} reads it back (the CLI).
 *
 * @param from    first instant included
 * @param to      first instant excluded
 * @param groupBy the grouping, e.g. {@code key,model}
 * @param rows    the groups, ordered by day, key, model
 * @param totals  all rows together (its key, model and day are null)
 */
public record UsageReport(Instant from, Instant to, String groupBy, List<Row> rows, Row totals) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());

    /**
     * One group.
     *
     * @param key                   client key id, or null when not grouped by key
     * @param model                 model, or null when not grouped by model (or unknown)
     * @param day                   UTC day, or null when not grouped by day
     * @param requests              records
     * @param promptTokens          prompt tokens (cached and written included)
     * @param completionTokens      completion tokens
     * @param cachedTokens          prompt tokens read from the cache
     * @param cacheWriteTokens      prompt tokens written to the cache
     * @param costNanos             upstream's reported cost, nano-USD; null when no record reported one
     * @param savedNanos            what caching saved, nano-USD (negative: write premiums outweighed reads); null when
     *                              the pricing of every record was unknown
     * @param savingUnknownRequests records whose saving is unknown (model pricing not known)
     */
    public record Row(String key, String model, LocalDate day, long requests, long promptTokens,
                      long completionTokens, long cachedTokens, long cacheWriteTokens, Long costNanos,
                      Long savedNanos, long savingUnknownRequests) {
        /** Cached prompt tokens over all prompt tokens, 0..1 (0 without prompt tokens). */
        public double cachedShare() {
            return promptTokens <= 0 ? 0 : (double) cachedTokens / promptTokens;
        }

        Row plus(Row o) {
            return new Row(null, null, null, requests + o.requests, promptTokens + o.promptTokens,
                    completionTokens + o.completionTokens, cachedTokens + o.cachedTokens,
                    cacheWriteTokens + o.cacheWriteTokens, add(costNanos, o.costNanos), add(savedNanos, o.savedNanos),
                    savingUnknownRequests + o.savingUnknownRequests);
        }

        private static Long add(Long a, Long b) {
            if (a == null) {
                return b;
            }
            return b == null ? a : Long.valueOf(a + b);
        }
    }

    /** The report of {@code q} from rows as the database grouped them. */
    static UsageReport of(UsageQuery q, List<Row> rows) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(Row::day, Comparator.nullsFirst(Comparator.<LocalDate>naturalOrder()))
                .thenComparing(Row::key, TEXT).thenComparing(Row::model, TEXT));
        Row total = new Row(null, null, null, 0, 0, 0, 0, 0, null, null, 0);
        for (Row r : sorted) {
            total = total.plus(r);
        }
        return new UsageReport(q.from(), q.to(), q.groupByLabel(), List.copyOf(sorted), total);
    }

    /** The one aggregation statement, portable between SQLite and PostgreSQL. */
    static String sql(List<UsageQuery.Dimension> groupBy) {
        String dims = String.join(", ", groupBy.stream().map(UsageQuery.Dimension::column).toList());
        return "SELECT " + dims + ", COUNT(*), SUM(prompt_tokens), SUM(completion_tokens), SUM(cached_tokens),"
                + " SUM(cache_write_tokens), SUM(cost_nanos), SUM(saving_nanos), COUNT(saving_nanos)"
                + " FROM usage_records WHERE ts_ms >= ? AND ts_ms < ? GROUP BY " + dims;
    }

    static Row row(ResultSet rs, List<UsageQuery.Dimension> groupBy) throws SQLException {
        String key = null;
        String model = null;
        LocalDate day = null;
        int i = 1;
        for (UsageQuery.Dimension d : groupBy) {
            switch (d) {
                case KEY -> key = rs.getString(i);
                case MODEL -> model = rs.getString(i);
                case DAY -> day = LocalDate.ofEpochDay(rs.getLong(i));
            }
            i++;
        }
        long requests = rs.getLong(i);
        long prompt = rs.getLong(i + 1);
        long completion = rs.getLong(i + 2);
        long cached = rs.getLong(i + 3);
        long written = rs.getLong(i + 4);
        Long cost = nullableLong(rs, i + 5);
        Long saved = nullableLong(rs, i + 6);
        long priced = rs.getLong(i + 7);
        return new Row(key, model, day, requests, prompt, completion, cached, written, cost, saved,
                requests - priced);
    }

    private static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    /** The JSON body of {@code GET /v1/usage}. */
    public String toJson() {
        StringWriter w = new StringWriter(512 + rows.size() * 256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("object", "usage.report");
            g.writeStringField("from", from.toString());
            g.writeStringField("to", to.toString());
            g.writeStringField("group_by", groupBy);
            g.writeArrayFieldStart("rows");
            for (Row r : rows) {
                write(g, r, true);
            }
            g.writeEndArray();
            g.writeFieldName("totals");
            write(g, totals, false);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private void write(JsonGenerator g, Row r, boolean dims) throws IOException {
        g.writeStartObject();
        if (dims && groupBy.contains("key")) {
            g.writeStringField("key", r.key());
        }
        if (dims && groupBy.contains("model")) {
            g.writeStringField("model", r.model());
        }
        if (dims && groupBy.contains("day")) {
            g.writeStringField("day", r.day() == null ? null : r.day().toString());
        }
        g.writeNumberField("requests", r.requests());
        g.writeNumberField("prompt_tokens", r.promptTokens());
        g.writeNumberField("completion_tokens", r.completionTokens());
        g.writeNumberField("cached_tokens", r.cachedTokens());
        g.writeNumberField("cache_write_tokens", r.cacheWriteTokens());
        g.writeFieldName("cached_share");
        g.writeNumber(BigDecimal.valueOf(r.cachedShare()).setScale(4, RoundingMode.HALF_EVEN).toPlainString());
        money(g, "cost", r.costNanos());
        money(g, "saved", r.savedNanos());
        g.writeNumberField("saving_unknown_requests", r.savingUnknownRequests());
        g.writeEndObject();
    }

    private static void money(JsonGenerator g, String name, Long nanos) throws IOException {
        g.writeFieldName(name);
        if (nanos == null) {
            g.writeNull();
        } else {
            g.writeNumber(usd(nanos));
        }
    }

    /** Nano-USD as a plain decimal USD string, e.g. {@code 0.00783}. */
    public static String usd(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    /** Reads a {@code GET /v1/usage} body back. */
    public static UsageReport fromJson(String body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || !"usage.report".equals(n.path("object").asText())) {
                throw new IllegalArgumentException("not a usage report");
            }
            List<Row> rows = new ArrayList<>();
            for (JsonNode r : n.path("rows")) {
                rows.add(row(r));
            }
            return new UsageReport(Instant.parse(n.path("from").asText()), Instant.parse(n.path("to").asText()),
                    n.path("group_by").asText(), List.copyOf(rows), row(n.path("totals")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the answer is not a usage report: " + e.getMessage());
        }
    }

    private static Row row(JsonNode r) {
        return new Row(text(r, "key"), text(r, "model"), r.hasNonNull("day") ? LocalDate.parse(r.get("day").asText())
                : null, r.path("requests").asLong(), r.path("prompt_tokens").asLong(),
                r.path("completion_tokens").asLong(), r.path("cached_tokens").asLong(),
                r.path("cache_write_tokens").asLong(), nanos(r, "cost"), nanos(r, "saved"),
                r.path("saving_unknown_requests").asLong());
    }

    private static String text(JsonNode r, String field) {
        return r.hasNonNull(field) ? r.get(field).asText() : null;
    }

    private static Long nanos(JsonNode r, String field) {
        return r.hasNonNull(field) ? r.get(field).decimalValue().movePointRight(9)
                .setScale(0, RoundingMode.HALF_EVEN).longValueExact() : null;
    }
}
