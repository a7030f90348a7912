package org.openrouterproxy.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The proxy's one-line log format, {@code 2026-12-06T04:41:29.919 INFO logger: message}, written without
 * {@link String#format} and without asking the record for its source (which walks the stack): the same text as
 * {@link java.util.logging.SimpleFormatter} with {@code %1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n}, at a fraction of
 * its cost. Used on the access log's writer thread; not thread-safe (it caches the current second's text).
 */
public final class OneLineFormatter extends Formatter {
    /** The {@code java.util.logging.SimpleFormatter.format} this formatter reproduces. */
    public static final String SIMPLE_FORMAT = "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n";

    private final ZoneId zone;
    private final StringBuilder line = new StringBuilder(256);
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedPrefix = "";

    /** Times in the JVM's default zone, as {@link java.util.logging.SimpleFormatter} does. */
    public OneLineFormatter() {
        this(ZoneId.systemDefault());
    }

    OneLineFormatter(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String format(LogRecord r) {
        Instant t = r.getInstant();
        line.setLength(0);
        line.append(secondPrefix(t.getEpochSecond()));
        int millis = t.getNano() / 1_000_000;
        line.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10));
        line.append(' ').append(r.getLevel().getLocalizedName()).append(' ').append(r.getLoggerName()).append(": ")
                .append(formatMessage(r));
        if (r.getThrown() != null) {
            StringWriter sw = new StringWriter();
            try (PrintWriter pw = new PrintWriter(sw)) {
                pw.println();
                r.getThrown().printStackTrace(pw);
            }
            line.append(sw);
        }
        return line.append(System.lineSeparator()).toString();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.} of the second, computed once per second. */
    private String secondPrefix(long epochSecond) {
        if (epochSecond != cachedSecond) {
            LocalDateTime d = LocalDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), zone);
            StringBuilder sb = new StringBuilder(24);
            pad(sb, d.getYear(), 4).append('-');
            pad(sb, d.getMonthValue(), 2).append('-');
            pad(sb, d.getDayOfMonth(), 2).append('T');
            pad(sb, d.getHour(), 2).append(':');
            pad(sb, d.getMinute(), 2).append(':');
            pad(sb, d.getSecond(), 2).append('.');
            cachedPrefix = sb.toString();
            cachedSecond = epochSecond;
        }
        return cachedPrefix;
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
