package org.openrouterproxy.server.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.openrouterproxy.core.ProxyError;

class UsageQueryTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void defaultsToTheLastSevenDaysByKey() {
        UsageQuery q = UsageQuery.parse(null, "", null, NOW);
        assertThat(q).isEqualTo(new UsageQuery(NOW.minus(Duration.ofDays(7)), NOW, List.of(UsageQuery.Dimension.KEY)));
    }

    @Test
    void datesCoverWholeUtcDaysAndInstantsAreExact() {
        UsageQuery q = UsageQuery.parse("2026-12-01", "2026-12-01", "model,day", NOW);
        assertThat(q.from()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(q.to()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(q.groupByLabel()).isEqualTo("model,day");
        UsageQuery i = UsageQuery.parse("2026-12-01T08:00:00+01:00", "2026-12-01T09:30:00Z", "KEY, model", NOW);
        assertThat(i.from()).isEqualTo(Instant.parse("2026-12-01T07:00:00Z"));
        assertThat(i.groupBy()).containsExactly(UsageQuery.Dimension.KEY, UsageQuery.Dimension.MODEL);
    }

    @Test
    void badParametersAre400sNamingTheParameter() {
        assertThatThrownBy(() -> UsageQuery.parse("last week", null, null, NOW)).isInstanceOf(ProxyError.class)
                .hasMessageContaining("'from'").satisfies(e -> assertThat(((ProxyError) e).status()).isEqualTo(400));
        assertThatThrownBy(() -> UsageQuery.parse(null, "2026-02-30", null, NOW)).hasMessageContaining("'to'");
        assertThatThrownBy(() -> UsageQuery.parse(null, null, "tenant", NOW)).hasMessageContaining("'group_by'");
        assertThatThrownBy(() -> UsageQuery.parse(null, null, "day,,key", NOW)).hasMessageContaining("'group_by'");
        assertThatThrownBy(() -> UsageQuery.parse("2026-12-05", "2026-12-01", null, NOW))
                .hasMessageContaining("must be before");
    }

    @Test
    void sinceAcceptsShortPeriods() {
        assertThat(UsageQuery.since("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(UsageQuery.since("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(UsageQuery.since("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(UsageQuery.since("PT90M")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> UsageQuery.since("soon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UsageQuery.since("0d")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usageDbFormsAndPasswordMasking() {
        Path wd = Path.of("/srv/proxy");
        assertThat(UsageDb.parse("off", wd).isOff()).isTrue();
        assertThat(UsageDb.parse("usage.db", wd).file()).isEqualTo(Path.of("/srv/proxy/usage.db"));
        assertThat(UsageDb.parse("sqlite:/var/lib/u.db", wd).file()).isEqualTo(Path.of("/var/lib/u.db"));
        assertThat(UsageDb.parse("sqlite:///var/lib/u.db", wd).file()).isEqualTo(Path.of("/var/lib/u.db"));
        UsageDb pg = UsageDb.parse("postgresql://proxy:s3cr%40t@db.internal:6543/ledger?sslmode=require", wd);
        assertThat(pg.kind()).isEqualTo(UsageDb.Kind.POSTGRESQL);
        assertThat(pg.toString()).isEqualTo("postgresql://proxy:***@db.internal:6543/ledger").doesNotContain("s3cr");
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/ledger?sslmode=require");
        assertThat(pg.password()).isEqualTo("s3cr@t");
        assertThat(UsageDb.parse("postgres://h/db", wd).jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
        for (String bad : new String[] {"", "mysql://h/db", "postgresql://h", "postgresql:///db", "sqlite:"}) {
            assertThatThrownBy(() -> UsageDb.parse(bad, wd)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PROXY_USAGE_DB");
        }
        assertThatThrownBy(() -> UsageDb.parse("postgresql://u:hunter2@h", wd)).hasMessageNotContaining("hunter2");
    }
}
