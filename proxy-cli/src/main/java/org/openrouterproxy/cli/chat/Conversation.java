package org.openrouterproxy.cli.chat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The messages of one chat: an optional system prompt and the user/assistant turns so far, all sent with every
 * request (so the prefix repeats and the proxy's cache markers pay off). Not thread-safe.
 */
public final class Conversation {
    private final ObjectMapper json;
    private final List<String[]> turns = new ArrayList<>();
    private String model;
    private String system;

    /** A conversation with {@code model} and an optional {@code system} prompt (null for none). */
    public Conversation(ObjectMapper json, String model, String system) {
        this.json = json;
        this.model = model;
        this.system = blankToNull(system);
    }

    /** The model the next request asks for. */
    public String model() {
        return model;
    }

    /** Switches the model for the following requests; the exchanges so far are kept. */
    public void model(String name) {
        this.model = name;
    }

    /** The system prompt, or null. */
    public String system() {
        return system;
    }

    /** Sets the system prompt; null or blank removes it. */
    public void system(String text) {
        this.system = blankToNull(text);
    }

    /** Number of completed user/assistant exchanges. */
    public int turns() {
        return turns.size();
    }

    /** Forgets every exchange; model and system prompt stay. */
    public void reset() {
        turns.clear();
    }

    /** Records a completed exchange so that later requests carry it. */
    public void commit(String user, String assistant) {
        turns.add(new String[] {user, assistant});
    }

    /** The request body for a new user message after the exchanges so far (the conversation is not changed). */
    public ObjectNode request(String userText, RequestOptions options) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        appendMessages(messages);
        message(messages, "user", userText);
        if (options.maxTokens() != null) {
            body.put("max_tokens", options.maxTokens());
        }
        if (options.temperature() != null) {
            body.put("temperature", options.temperature());
        }
        if (options.stream()) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    /** The conversation as JSON: {@code {"model":..,"messages":[..]}}, what {@code /save} writes. */
    public ObjectNode toJson() {
        ObjectNode out = json.createObjectNode();
        out.put("model", model);
        appendMessages(out.putArray("messages"));
        return out;
    }

    private void appendMessages(ArrayNode messages) {
        if (system != null) {
            message(messages, "system", system);
        }
        for (String[] turn : turns) {
            message(messages, "user", turn[0]);
            message(messages, "assistant", turn[1]);
        }
    }

    private static void message(ArrayNode messages, String role, String content) {
        messages.addObject().put("role", role).put("content", content);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
