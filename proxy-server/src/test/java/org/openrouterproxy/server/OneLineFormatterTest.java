package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class OneLineFormatterTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    /** What SimpleFormatter prints with the proxy's format: String.format over the same six arguments. */
    private static String simple(LogRecord r) {
        String thrown = "";
        if (r.getThrown() != null) {
            StringWriter sw = new StringWriter();
            try (PrintWriter pw = new PrintWriter(sw)) {
                pw.println();
                r.getThrown().printStackTrace(pw);
            }
            thrown = sw.toString();
        }
        return String.format(OneLineFormatter.SIMPLE_FORMAT, ZonedDateTime.ofInstant(r.getInstant(), ZONE),
                "src", r.getLoggerName(), r.getLevel().getLocalizedName(), r.getMessage(), thrown);
    }

    private static LogRecord record(Level level, String msg, Instant at) {
        LogRecord r = new LogRecord(level, msg);
        r.setLoggerName("org.openrouterproxy.access");
        r.setInstant(at);
        return r;
    }

    @Test
    void writesWhatSimpleFormatterWritesWithTheProxyFormat() {
        OneLineFormatter f = new OneLineFormatter(ZONE);
        Instant[] times = {Instant.parse("2026-12-06T04:41:29.919Z"), Instant.parse("2026-12-06T04:41:29.007Z"),
            Instant.parse("2026-12-06T04:41:30.000Z"), Instant.parse("2026-03-29T00:59:59.999Z"),
            Instant.parse("2026-03-29T01:00:00.050Z"), Instant.parse("0999-01-02T03:04:05.060Z")};
        for (Instant t : times) {
            LogRecord r = record(Level.INFO, "id=req-1 key=key-1a2b3c4d POST /v1/chat/completions 200", t);
            assertThat(f.format(r)).isEqualTo(simple(r));
        }
    }

    @Test
    void keepsLevelsAndStackTraces() {
        OneLineFormatter f = new OneLineFormatter(ZONE);
        LogRecord r = record(Level.WARNING, "upstream failed", Instant.parse("2026-12-06T10:00:00.123Z"));
        r.setThrown(new IllegalStateException("boom"));
        assertThat(f.format(r)).isEqualTo(simple(r)).contains("WARNING").contains("IllegalStateException: boom");
    }
}
