package org.openrouterproxy.core;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Maps OpenRouter's {@code GET /models} answer ({@code {"data":[...]}}) to OpenAI's shape:
 * {@code {"object":"list","data":[{"id","object":"model","created","owned_by",...}]}}, keeping every upstream field
 * of each model (pricing, context_length, ...). {@code owned_by} is the id's part before {@code /}
 * ({@code openrouter} for an id without one); {@code created} defaults to 0.
 */
public final class OpenRouterModels {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenRouterModels() {
    }

    /**
     * The whole list in OpenAI's shape.
     *
     * @throws ProxyError 502 {@code bad_upstream_response} when the body is not a models list
     */
    public static byte[] toOpenAiList(byte[] upstreamBody) {
        ArrayNode models = models(upstreamBody);
        ObjectNode out = MAPPER.createObjectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        for (JsonNode model : models) {
            data.add(toOpenAi((ObjectNode) model));
        }
        return write(out);
    }

    /**
     * One model in OpenAI's shape, or null when the list has no model with this id.
     *
     * @throws ProxyError 502 {@code bad_upstream_response} when the body is not a models list
     */
    public static byte[] toOpenAiModel(byte[] upstreamBody, String id) {
        ArrayNode models = models(upstreamBody);
        for (JsonNode model : models) {
            if (id != null && id.equals(model.path("id").textValue())) {
                return write(toOpenAi((ObjectNode) model));
            }
        }
        return null;
    }

    private static ArrayNode models(byte[] upstreamBody) {
        JsonNode root;
        try {
            root = upstreamBody == null ? null : MAPPER.readTree(upstreamBody);
        } catch (IOException | RuntimeException e) {
            throw bad("upstream models list is not valid JSON", e);
        }
        if (root == null || !root.isObject() || !root.path("data").isArray()) {
            throw bad("upstream models list has no 'data' array", null);
        }
        ArrayNode data = (ArrayNode) root.get("data");
        for (JsonNode model : data) {
            if (!model.isObject() || !model.path("id").isTextual()) {
                throw bad("upstream models list has an entry without a string 'id'", null);
            }
        }
        return data;
    }

    private static ObjectNode toOpenAi(ObjectNode model) {
        String id = model.get("id").textValue();
        int slash = id.indexOf('/');
        ObjectNode out = MAPPER.createObjectNode();
        out.put("id", id);
        out.put("object", "model");
        JsonNode created = model.get("created");
        if (created != null && created.isNumber()) {
            out.set("created", created);
        } else {
            out.put("created", 0);
        }
        out.put("owned_by", slash > 0 ? id.substring(0, slash) : "openrouter");
        for (Map.Entry<String, JsonNode> field : model.properties()) {
            if (!out.has(field.getKey())) {
                out.set(field.getKey(), field.getValue());
            }
        }
        return out;
    }

    private static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw bad("models list could not be written", e);
        }
    }

    private static ProxyError bad(String message, Throwable cause) {
        return new ProxyError(502, "upstream_error", "bad_upstream_response", message, cause);
    }
}
