package org.openrouterproxy.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ModelPricesTest {
    private static final String BODY = "{\"data\":[{\"id\":\"anthropic/claude-sonnet-4.5\",\"name\":\"x\","
            + "\"pricing\":{\"prompt\":\"0.000003\",\"completion\":\"0.000015\",\"input_cache_read\":\"0.0000003\","
            + "\"input_cache_write\":\"0.00000375\"},\"top_provider\":{\"context_length\":1}},"
            + "{\"id\":\"openai/gpt-4o\",\"pricing\":{\"prompt\":\"0.0000025\",\"completion\":\"0.00001\"}},"
            + "{\"id\":\"odd/model\",\"pricing\":{\"prompt\":\"-1\"}},{\"id\":\"no/pricing\"}],\"total_count\":4}";

    private static ModelPrices prices() {
        return ModelPrices.parse(BODY.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsPromptAndCachePricesByModel() {
        ModelPrices p = prices();
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.get("anthropic/claude-sonnet-4.5")).isEqualTo(new ModelPricing(new BigDecimal("0.000003"),
                new BigDecimal("0.0000003"), new BigDecimal("0.00000375")));
        assertThat(p.get("openai/gpt-4o").cacheRead()).isNull();
        assertThat(p.get("odd/model")).isNull();
        assertThat(p.get(null)).isNull();
    }

    @Test
    void cacheReadsSaveAndWritePremiumsCountAgainst() {
        ModelPricing sonnet = prices().get("anthropic/claude-sonnet-4.5");
        // 3000 prompt tokens, 2900 read from cache: 2900 * (3.0 - 0.3) per million = 0.00783 USD saved
        assertThat(sonnet.saving(3000, 2900, 0)).isEqualTo(new ModelPricing.Saving(9_000_000, 7_830_000));
        // first request writes 2900 tokens at 1.25x: the saving is negative
        assertThat(sonnet.saving(3000, 0, 2900)).isEqualTo(new ModelPricing.Saving(9_000_000, -2_175_000));
        assertThat(sonnet.saving(100, 0, 0)).isEqualTo(new ModelPricing.Saving(300_000, 0));
    }

    @Test
    void noMarkersNoSavingAndUnknownCachePriceIsUnknown() {
        ModelPricing gpt = prices().get("openai/gpt-4o");
        assertThat(gpt.saving(1000, 0, 0)).isEqualTo(new ModelPricing.Saving(2_500_000, 0));
        assertThat(gpt.saving(1000, 500, 0)).isNull();
    }

    @Test
    void garbageGivesNoPrices() {
        for (String g : new String[] {"", "[]", "{\"data\":3}", "{\"data\":[{\"id\":1,\"pricing\":{\"prompt\":{}}}]",
            "not json"}) {
            assertThat(ModelPrices.parse(g.getBytes(StandardCharsets.UTF_8)).size()).as(g).isZero();
        }
        assertThat(ModelPrices.parse(null).size()).isZero();
    }
}
