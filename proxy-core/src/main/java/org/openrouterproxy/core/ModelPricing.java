package org.openrouterproxy.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * One model's prompt prices from OpenRouter's {@code /models} ({@code pricing.prompt}, {@code input_cache_read},
 * {@code input_cache_write}; USD per token, decimal strings upstream) and what prompt caching saved on one request.
 *
 * @param prompt     price of an uncached prompt token
 * @param cacheRead  price of a prompt token read from the cache, or null when the model lists none
 * @param cacheWrite price of a prompt token written to the cache, or null when the model lists none
 */
public record ModelPricing(BigDecimal prompt, BigDecimal cacheRead, BigDecimal cacheWrite) {
    /** Nano-USD (10^-9) per USD: the ledger keeps money as whole nano-dollars so sums are exact everywhere. */
    public static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000L);

    public ModelPricing {
        Objects.requireNonNull(prompt, "prompt");
    }

    /**
     * What one request's prompt would have cost without the cache, and the saving: that minus what it cost with
     * cache reads at {@code cacheRead} and writes at {@code cacheWrite}. Write premiums count against the saving,
     * so it can be negative. {@code promptTokens} includes the cached and written tokens, as upstream reports it.
     *
     * @return null when the request used a cache price this model does not list (the saving is unknown)
     */
    public Saving saving(long promptTokens, long cachedTokens, long cacheWriteTokens) {
        if ((cachedTokens > 0 && cacheRead == null) || (cacheWriteTokens > 0 && cacheWrite == null)) {
            return null;
        }
        BigDecimal without = prompt.multiply(BigDecimal.valueOf(promptTokens));
        BigDecimal saved = BigDecimal.ZERO;
        if (cachedTokens > 0) {
            saved = saved.add(prompt.subtract(cacheRead).multiply(BigDecimal.valueOf(cachedTokens)));
        }
        if (cacheWriteTokens > 0) {
            saved = saved.add(prompt.subtract(cacheWrite).multiply(BigDecimal.valueOf(cacheWriteTokens)));
        }
        return new Saving(nanos(without), nanos(saved));
    }

    /** Whole nano-dollars of a USD amount, rounded half-even. */
    public static long nanos(BigDecimal usd) {
        return usd.multiply(NANOS_PER_USD).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    /**
     * @param costWithoutCacheNanos the prompt at full price, nano-USD
     * @param savingNanos           full price minus the price paid for the prompt with the cache, nano-USD
     */
    public record Saving(long costWithoutCacheNanos, long savingNanos) {
    }
}
