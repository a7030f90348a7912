package org.openrouterproxy.server;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openrouterproxy.core.ModelPrices;
import org.openrouterproxy.core.OpenRouterModels;

import io.helidon.http.Method;
import io.helidon.http.WritableHeaders;
import io.helidon.webclient.api.HttpClientResponse;

/**
 * Model prices for the usage ledger, asked for on its writer thread only: from the models cache that
 * {@code GET /v1/models} fills, else fetched from upstream {@code /models} with the configured key (once at start,
 * then at most once a minute when a model has no price, and again when the prices are an hour old). The fetch runs
 * on a thread of its own; the writer waits for it at most {@link #FETCH_WAIT}, so a hanging upstream cannot stall
 * the ledger. A failed fetch leaves the prices unknown; it never touches a request.
 */
final class LedgerPrices implements org.openrouterproxy.server.usage.UsageLedger.PriceSource {
    private static final Logger LOG = Logger.getLogger(LedgerPrices.class.getName());
    static final Duration RETRY_AFTER = Duration.ofMinutes(1);
    static final Duration MAX_AGE = Duration.ofHours(1);
    static final Duration FETCH_WAIT = Duration.ofSeconds(1);

    private final ModelsCache cache;
    private final OpenRouterTransport transport;
    private final String upstreamKey;
    private ModelsCache.Entry parsedEntry;
    private ModelPrices prices = ModelPrices.NONE;
    private long lastFetchNanos;
    private boolean fetchedOnce;
    private volatile CompletableFuture<ModelsCache.Entry> fetching;

    LedgerPrices(ModelsCache cache, OpenRouterTransport transport, String upstreamKey) {
        this.cache = cache;
        this.transport = transport;
        this.upstreamKey = upstreamKey;
    }

    /** Starts fetching the prices in the background, so they are usually known before the first record. */
    void prefetch() {
        fetchedOnce = true;
        lastFetchNanos = System.nanoTime();
        fetching = CompletableFuture.supplyAsync(this::fetch, LedgerPrices::onOwnThread);
    }

    private static void onOwnThread(Runnable r) {
        Thread.ofVirtual().name("usage-ledger-prices").start(r);
    }

    @Override
    public ModelPrices prices(boolean missing) {
        ModelsCache.Entry e = cache.latest();
        long now = System.nanoTime();
        boolean stale = e == null || now - e.fetchedNanos() > MAX_AGE.toNanos();
        if ((missing || stale) && fetching == null
                && (!fetchedOnce || now - lastFetchNanos > RETRY_AFTER.toNanos())) {
            prefetch();
        }
        CompletableFuture<ModelsCache.Entry> f = fetching;
        if (f != null && (missing || e == null)) {
            try {
                f.get(FETCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException timeout) {
                // still fetching: these records' savings stay unknown
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ignored) {
                // fetch() never throws
            }
        }
        if (f != null && f.isDone()) {
            fetching = null;
            ModelsCache.Entry fetched = f.getNow(null);
            e = fetched != null && (e == null || fetched.fetchedNanos() - e.fetchedNanos() >= 0) ? fetched : e;
        }
        if (e != null && e != parsedEntry) {
            parsedEntry = e;
            prices = ModelPrices.parse(e.upstreamBody());
        }
        return prices;
    }

    private ModelsCache.Entry fetch() {
        try (HttpClientResponse up = transport.send(new OpenRouterTransport.Call(Method.GET, "/models",
                WritableHeaders.create(), null, upstreamKey, false))) {
            if (up.status().code() != 200) {
                LOG.fine("usage ledger: upstream /models answered " + up.status().code() + "; prices unknown");
                return null;
            }
            byte[] body;
            try (InputStream in = up.inputStream()) {
                body = in.readNBytes(ResponseRelay.MAX_UPSTREAM_BODY + 1);
            }
            if (body.length > ResponseRelay.MAX_UPSTREAM_BODY) {
                return null;
            }
            return cache.store(body, OpenRouterModels.toOpenAiList(body));
        } catch (Exception e) {
            LOG.log(Level.FINE, "usage ledger: cannot fetch model prices", e);
            return null;
        }
    }
}
