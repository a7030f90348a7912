package org.openrouterproxy.server;

import org.openrouterproxy.core.Usage;
import org.openrouterproxy.server.usage.UsageLedger;
import org.openrouterproxy.server.usage.UsageRecord;

/**
 * Feeds the usage ledger from {@link ExchangeFilter}: one record per {@code /v1} request that reached upstream
 * (chat, embeddings, responses, completions; not the models list or the usage report). Cheap on the request
 * thread: one record object from fields the exchange already holds, offered to the ledger's queue.
 */
final class UsageRecords {
    private final UsageLedger ledger;

    UsageRecords(UsageLedger ledger) {
        this.ledger = ledger;
    }

    /** Records the finished exchange if it reached upstream on a ledgered route. */
    void finished(Exchange ex, int status, long nanos) {
        if (ex.upstreamTtfbNanos < 0 || !ledgered(ex.route)) {
            return;
        }
        ledger.record(of(ex, status, nanos, System.currentTimeMillis()));
    }

    static boolean ledgered(Route r) {
        return r == Route.CHAT || r == Route.EMBEDDINGS || r == Route.RESPONSES || r == Route.COMPLETIONS;
    }

    static UsageRecord of(Exchange ex, int status, long nanos, long nowMillis) {
        Usage u = ex.usage;
        return new UsageRecord(nowMillis, ex.requestId, ex.keyId, ex.model, ex.route.label(),
                ex.clientAborted ? ExchangeHandler.CLIENT_CLOSED.code() : status, ex.stream,
                u == null ? 0 : u.promptTokens(), u == null ? 0 : u.completionTokens(),
                u == null ? 0 : u.cachedTokens(), u == null ? 0 : u.cacheWriteTokens(), u == null ? null : u.cost(),
                ex.cacheMarked, ex.upstreamTtfbNanos / 1_000_000, nanos / 1_000_000);
    }
}
