package org.openrouterproxy.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.openrouterproxy.core.ModelPrices;

/** The ledger's queue: a stalled writer makes it drop and count, never block; close drains what is queued. */
class UsageLedgerQueueTest {
    static UsageRecord record(int i) {
        return new UsageRecord(1_000L + i, "req-" + i, "key-00000000", "m", "chat", 200, false, 10, 1, 0, 0, null,
                false, 1, 2);
    }

    @Test
    void fullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch writerIn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<UsageRecord> stored = Collections.synchronizedList(new ArrayList<>());
        UsageLedger.Sink stalled = (batch, savings) -> {
            writerIn.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stored.addAll(batch);
        };
        UsageLedger ledger = new UsageLedger(stalled, null, missing -> ModelPrices.NONE, 4);
        ledger.record(record(0));
        assertThat(writerIn.await(10, TimeUnit.SECONDS)).as("the writer took the first record").isTrue();
        long t0 = System.nanoTime();
        for (int i = 1; i <= 20; i++) {
            ledger.record(record(i));
        }
        assertThat(System.nanoTime() - t0).as("record() never waits for the writer")
                .isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(ledger.dropped()).isEqualTo(16);
        release.countDown();
        ledger.close();
        assertThat(stored).hasSize(5);
        assertThat(ledger.written()).isEqualTo(5);
        ledger.record(record(99));
        assertThat(ledger.dropped()).as("records after close are dropped").isEqualTo(17);
    }

    @Test
    void failingWritesAreRetriedThenCountedAsErrorsAndDrops() {
        UsageLedger.Sink broken = (batch, savings) -> {
            throw new java.sql.SQLException("[SQLITE_FULL] database or disk is full");
        };
        UsageLedger ledger = new UsageLedger(broken, null, missing -> ModelPrices.NONE, 16);
        ledger.record(record(1));
        ledger.close();
        assertThat(ledger.writeErrors()).isEqualTo(UsageLedger.WRITE_ATTEMPTS);
        assertThat(ledger.dropped()).isEqualTo(1);
        assertThat(ledger.written()).isZero();
        StringBuilder sb = new StringBuilder();
        ledger.render(sb);
        assertThat(sb.toString()).contains("proxy_usage_dropped_total 1\n", "proxy_usage_write_errors_total 3\n",
                "proxy_usage_records_total 0\n");
    }

    @Test
    void savingsArePricedOnTheWriterAndUnknownPricesStayNull() {
        var sonnet = new org.openrouterproxy.core.ModelPricing(new java.math.BigDecimal("0.000003"),
                new java.math.BigDecimal("0.0000003"), new java.math.BigDecimal("0.00000375"));
        UsageRecord r = new UsageRecord(1, "r", "k", "anthropic/x", "chat", 200, true, 3000, 5, 2900, 0, 0.001,
                true, 1, 1);
        assertThat(UsageLedger.saving(sonnet, r)).isEqualTo(new UsageStore.PricedSaving(9_000_000L, 7_830_000L));
        assertThat(UsageLedger.saving(null, r)).isEqualTo(new UsageStore.PricedSaving(null, null));
    }
}
