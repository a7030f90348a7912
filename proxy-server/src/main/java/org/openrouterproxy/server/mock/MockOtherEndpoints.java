package org.openrouterproxy.server.mock;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;

/** The fake OpenRouter's embeddings, responses and legacy completions endpoints: small, fixed-shape answers. */
final class MockOtherEndpoints {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int DIMENSIONS = 8;

    private final MockOpenRouter owner;

    MockOtherEndpoints(MockOpenRouter owner) {
        this.owner = owner;
    }

    void embeddings(ServerResponse res, byte[] body) {
        JsonNode req = tree(res, body);
        if (req == null) {
            return;
        }
        JsonNode input = req.path("input");
        int n = input.isArray() ? Math.max(1, input.size()) : 1;
        StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
                    .append(",\"embedding\":[");
            for (int d = 0; d < DIMENSIONS; d++) {
                sb.append(d == 0 ? "" : ",").append((i + 1) * 0.01 + d * 0.1);
            }
            sb.append("]}");
        }
        int tokens = Math.max(1, input.toString().length() / 4);
        sb.append("],\"model\":").append(MockReplies.quote(req.path("model").asText("mock/embed")))
                .append(",\"usage\":{\"prompt_tokens\":").append(tokens).append(",\"total_tokens\":").append(tokens)
                .append("}}");
        sendJson(res, MockReplies.bytes(sb));
    }

    void responses(ServerResponse res, byte[] body) {
        JsonNode req = tree(res, body);
        if (req == null) {
            return;
        }
        if (req.path("store").asBoolean(false) || req.hasNonNull("previous_response_id")) {
            MockOpenRouter.sendError(res, 400, "The Responses API is stateless here: store and previous_response_id "
                    + "are not supported");
            return;
        }
        JsonNode input = req.path("input");
        String text = input.isTextual() ? input.asText() : input.toString();
        String answer = MockReplies.answer(text);
        String id = owner.nextGenerationId();
        res.header(MockOpenRouter.GENERATION_ID, id);
        String model = MockReplies.quote(req.path("model").asText("mock/echo"));
        String done = "{\"id\":\"resp_" + id + "\",\"object\":\"response\",\"created_at\":"
                + System.currentTimeMillis() / 1000 + ",\"status\":\"completed\",\"model\":" + model
                + ",\"output\":[{\"type\":\"message\",\"id\":\"msg_" + id + "\",\"status\":\"completed\","
                + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":"
                + MockReplies.quote(answer) + ",\"annotations\":[]}]}],\"usage\":{\"input_tokens\":"
                + Math.max(1, text.length() / 4) + ",\"output_tokens\":" + MockReplies.completionTokens(answer)
                + ",\"total_tokens\":" + (Math.max(1, text.length() / 4) + MockReplies.completionTokens(answer)) + "}}";
        if (!req.path("stream").asBoolean(false)) {
            sendJson(res, MockReplies.bytes(done));
            return;
        }
        streamEvents(res, new String[] {
            "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":"
                    + MockReplies.quote(answer) + "}\n\n",
            "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":" + done + "}\n\n"});
    }

    void completions(ServerResponse res, byte[] body) {
        JsonNode req = tree(res, body);
        if (req == null) {
            return;
        }
        String prompt = req.path("prompt").isTextual() ? req.path("prompt").asText() : req.path("prompt").toString();
        String answer = MockReplies.answer(prompt);
        String id = owner.nextGenerationId();
        res.header(MockOpenRouter.GENERATION_ID, id);
        String head = "{\"id\":\"" + id + "\",\"provider\":\"Mock\",\"model\":"
                + MockReplies.quote(req.path("model").asText("mock/echo")) + ",\"object\":\"text_completion\","
                + "\"created\":" + System.currentTimeMillis() / 1000 + ",\"choices\":[{\"text\":";
        int promptTokens = Math.max(1, prompt.length() / 4);
        String usage = MockReplies.usage(promptTokens, MockReplies.completionTokens(answer), 0, 0);
        if (!req.path("stream").asBoolean(false)) {
            sendJson(res, MockReplies.bytes(head + MockReplies.quote(answer)
                    + ",\"index\":0,\"finish_reason\":\"stop\",\"logprobs\":null}],\"usage\":" + usage + "}"));
            return;
        }
        streamEvents(res, new String[] {
            "data: " + head + MockReplies.quote(answer)
                    + ",\"index\":0,\"finish_reason\":null,\"logprobs\":null}]}\n\n",
            "data: " + head + "\"\",\"index\":0,\"finish_reason\":\"stop\",\"logprobs\":null}],\"usage\":" + usage
                    + "}\n\n",
            "data: [DONE]\n\n"});
    }

    private static void streamEvents(ServerResponse res, String[] events) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderValues.CACHE_NO_CACHE);
        try (OutputStream out = res.outputStream()) {
            out.write(MockReplies.PROCESSING);
            for (String e : events) {
                out.write(MockReplies.bytes(e));
                out.flush();
            }
        } catch (IOException | UncheckedIOException e) {
            // reader went away
        }
    }

    private static JsonNode tree(ServerResponse res, byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (IOException e) {
            // fall through
        }
        MockOpenRouter.sendError(res, 400, "Invalid request: body must be a JSON object");
        return null;
    }

    private static void sendJson(ServerResponse res, byte[] body) {
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(body);
    }
}
