package org.openrouterproxy.server;

import java.io.InputStream;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openrouterproxy.core.ModelPrices;
import org.openrouterproxy.core.OpenRouterModels;

import io.helidon.http.Method;
import io.helidon.http.WritableHeaders;
import io.helidon.webclient.api.HttpClientResponse;

/**
 * Model prices for the usage ledger, read on its writer thread only: from the models cache that
 * {@code GET /v1/models} fills, else fetched from upstream {@code /models} with the configured key (at most once a
 * minute, and again when the prices are an hour old). A failed fetch leaves the prices unknown; it never reaches
 * a request.
 */
final class LedgerPrices implements org.openrouterproxy.server.usage.UsageLedger.PriceSource {
    private static final Logger LOG = Logger.getLogger(LedgerPrices.class.getName());
    static final Duration RETRY_AFTER = Duration.ofMinutes(1);
    static final Duration MAX_AGE = Duration.ofHours(1);

    private final ModelsCache cache;
    private final OpenRouterTransport transport;
    private final String upstreamKey;
    private ModelsCache.Entry parsedEntry;
    private ModelPrices prices = ModelPrices.NONE;
    private long lastFetchNanos;
    private boolean fetchedOnce;

    LedgerPrices(ModelsCache cache, OpenRouterTransport transport, String upstreamKey) {
        this.cache = cache;
        this.transport = transport;
        this.upstreamKey = upstreamKey;
    }

    @Override
    public ModelPrices prices(boolean missing) {
        ModelsCache.Entry e = cache.latest();
        long now = System.nanoTime();
        boolean stale = e == null || now - e.fetchedNanos() > MAX_AGE.toNanos();
        if ((missing || stale) && (!fetchedOnce || now - lastFetchNanos > RETRY_AFTER.toNanos())) {
            fetchedOnce = true;
            lastFetchNanos = now;
            ModelsCache.Entry fetched = fetch();
            if (fetched != null) {
                e = fetched;
            }
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
