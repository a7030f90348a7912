package org.openrouterproxy.core;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The prompt prices of every model in OpenRouter's {@code GET /models} answer, by model id. Models whose prompt
 * price is missing or not a number are left out (their saving is unknown). Immutable.
 */
public final class ModelPrices {
    private static final JsonFactory JSON = new JsonFactory();
    /** No prices known. */
    public static final ModelPrices NONE = new ModelPrices(Map.of());

    private final Map<String, ModelPricing> byModel;

    private ModelPrices(Map<String, ModelPricing> byModel) {
        this.byModel = Map.copyOf(byModel);
    }

    /** The pricing of {@code model}, or null when unknown. */
    public ModelPricing get(String model) {
        return model == null ? null : byModel.get(model);
    }

    public int size() {
        return byModel.size();
    }

    /** Builds prices from a map (tests, embedders). */
    public static ModelPrices of(Map<String, ModelPricing> byModel) {
        return new ModelPrices(byModel);
    }

    /**
     * Reads the prices of {@code {"data":[{"id":..,"pricing":{"prompt":"0.000003","input_cache_read":..,
     * "input_cache_write":..}},..]}}; never throws: a body it cannot read gives {@link #NONE}.
     */
    public static ModelPrices parse(byte[] modelsBody) {
        if (modelsBody == null || modelsBody.length == 0) {
            return NONE;
        }
        Map<String, ModelPricing> out = new HashMap<>();
        try (JsonParser p = JSON.createParser(modelsBody)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("data") && v == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        model(p, out);
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            return out.isEmpty() ? NONE : new ModelPrices(out);
        }
        return new ModelPrices(out);
    }

    private static void model(JsonParser p, Map<String, ModelPricing> out) throws IOException {
        String id = null;
        BigDecimal[] prices = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("id") && v == JsonToken.VALUE_STRING) {
                id = p.getText();
            } else if (name.equals("pricing") && v == JsonToken.START_OBJECT) {
                prices = pricing(p);
            } else {
                p.skipChildren();
            }
        }
        if (id != null && prices != null && prices[0] != null) {
            out.put(id, new ModelPricing(prices[0], prices[1], prices[2]));
        }
    }

    private static BigDecimal[] pricing(JsonParser p) throws IOException {
        BigDecimal[] prices = new BigDecimal[3];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "prompt" -> prices[0] = price(p);
                case "input_cache_read" -> prices[1] = price(p);
                case "input_cache_write" -> prices[2] = price(p);
                default -> p.skipChildren();
            }
        }
        return prices;
    }

    /** A price string (or number) as a non-negative decimal; null when absent, negative or not a number. */
    private static BigDecimal price(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_STRING && !t.isNumeric()) {
            p.skipChildren();
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(p.getText().trim());
            return d.signum() < 0 || d.precision() - d.scale() > 6 ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
