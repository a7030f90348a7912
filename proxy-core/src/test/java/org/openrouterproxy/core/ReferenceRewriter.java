package org.openrouterproxy.core;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An independent, deliberately simple tree-based version of the cache-marker rules, used as the oracle for
 * {@link ChatRequestRewriter}. Returns the expected request tree, or throws {@link Rejected}.
 */
final class ReferenceRewriter {
    static final ObjectMapper MAPPER = new ObjectMapper();

    static final class Rejected extends Exception {
        Rejected(String why) {
            super(why, null, false, false);
        }
    }

    private ReferenceRewriter() {
    }

    static JsonNode expected(byte[] body, CachePolicy policy, boolean skipCache) throws Rejected {
        ObjectNode root = parse(body);
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new Rejected("messages");
        }
        for (JsonNode m : messages) {
            if (!m.isObject()) {
                throw new Rejected("message not object");
            }
        }
        JsonNode model = root.get("model");
        if (model != null && !model.isTextual()) {
            throw new Rejected("model");
        }
        if (skipCache || model == null || !policy.appliesTo(model.asText())) {
            return root;
        }
        ObjectNode out = root.deepCopy();
        ArrayNode msgs = (ArrayNode) out.get("messages");
        int last = -1;
        int system = -1;
        for (int i = 0; i < msgs.size(); i++) {
            if (markable(msgs.get(i))) {
                last = i;
                if ("system".equals(msgs.get(i).path("role").textValue())) {
                    system = i;
                }
            }
        }
        if (last < 0) {
            return root;
        }
        strip(msgs);
        mark((ObjectNode) msgs.get(last), policy);
        if (policy.strategy() == CacheStrategy.SYSTEM_AND_LAST && system >= 0 && system != last) {
            mark((ObjectNode) msgs.get(system), policy);
        }
        return out;
    }

    /** The number of markers the reference places (0 when it changes nothing). */
    static int markers(JsonNode expected) {
        int n = 0;
        for (JsonNode m : expected.path("messages")) {
            JsonNode c = m.get("content");
            if (c != null && c.isArray()) {
                for (JsonNode part : c) {
                    n += part.isObject() && part.has("cache_control") ? 1 : 0;
                }
            }
        }
        return n;
    }

    private static ObjectNode parse(byte[] body) throws Rejected {
        if (body.length == 0) {
            throw new Rejected("empty");
        }
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                throw new Rejected("encoding");
            }
        }
        try (JsonParser p = MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Rejected("not an object");
            }
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                JsonNode value = p.readValueAsTree();
                if (value == null && p.currentToken() == JsonToken.VALUE_NULL) {
                    value = NullNode.instance;
                }
                if (value == null) {
                    throw new Rejected("truncated");
                }
                if (!seen.add(name) && (name.equals("model") || name.equals("messages"))) {
                    throw new Rejected("duplicate " + name);
                }
                root.set(name, value);
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new Rejected("trailing");
            }
            return root;
        } catch (IOException | RuntimeException e) {
            throw new Rejected(e.toString());
        }
    }

    private static boolean markable(JsonNode message) {
        return target(message) != null;
    }

    /** The text part to mark (string content counts as a virtual part), or null. */
    private static Object target(JsonNode message) {
        JsonNode c = message.get("content");
        if (c == null) {
            return null;
        }
        if (c.isTextual()) {
            return c.textValue().isEmpty() ? null : c;
        }
        if (!c.isArray()) {
            return null;
        }
        Object found = null;
        for (JsonNode part : c) {
            if (part.isObject() && "text".equals(part.path("type").textValue())
                    && part.path("text").isTextual() && !part.get("text").textValue().isEmpty()) {
                found = part;
            }
        }
        return found;
    }

    private static void strip(JsonNode node) {
        if (node.isObject()) {
            ((ObjectNode) node).remove("cache_control");
            node.forEach(ReferenceRewriter::strip);
        } else if (node.isArray()) {
            node.forEach(ReferenceRewriter::strip);
        }
    }

    private static void mark(ObjectNode message, CachePolicy policy) {
        ObjectNode marker = JsonNodeFactory.instance.objectNode().put("type", "ephemeral");
        if (policy.oneHour()) {
            marker.put("ttl", "1h");
        }
        Object target = target(message);
        if (target instanceof ObjectNode part) {
            part.set("cache_control", marker);
            return;
        }
        ObjectNode part = JsonNodeFactory.instance.objectNode().put("type", "text");
        part.set("text", message.get("content"));
        part.set("cache_control", marker);
        message.set("content", JsonNodeFactory.instance.arrayNode().add(part));
    }
}
