package org.openrouterproxy.server.mock;

import java.nio.charset.StandardCharsets;

/** The fake OpenRouter's {@code GET /api/v1/models} body, in OpenRouter's shape (no "object", no "owned_by"). */
final class MockModels {
    private static final String[][] MODELS = {
        {"anthropic/claude-sonnet-4.5", "Anthropic: Claude Sonnet 4.5", "1000000", "0.000003", "0.000015"},
        {"anthropic/claude-haiku-4.5", "Anthropic: Claude Haiku 4.5", "200000", "0.000001", "0.000005"},
        {"google/gemini-2.5-pro", "Google: Gemini 2.5 Pro", "1048576", "0.00000125", "0.00001"},
        {"qwen/qwen3-coder", "Qwen: Qwen3 Coder", "262144", "0.00000022", "0.00000095"},
        {"openai/gpt-4o", "OpenAI: GPT-4o", "128000", "0.0000025", "0.00001"},
        {"mock/echo", "Mock: Echo", "1000000", "0", "0"},
    };

    static final byte[] LIST = build();

    private MockModels() {
    }

    private static byte[] build() {
        StringBuilder sb = new StringBuilder("{\"data\":[");
        for (int i = 0; i < MODELS.length; i++) {
            String[] m = MODELS[i];
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":\"").append(m[0]).append("\",\"canonical_slug\":\"").append(m[0])
                    .append("-20250929\",\"hugging_face_id\":null,\"name\":\"").append(m[1])
                    .append("\",\"created\":").append(1_759_161_676L + i)
                    .append(",\"description\":\"").append(m[1]).append(" (served by the fake OpenRouter)\"")
                    .append(",\"context_length\":").append(m[2])
                    .append(",\"architecture\":{\"modality\":\"text->text\",\"input_modalities\":[\"text\"]")
                    .append(",\"output_modalities\":[\"text\"],\"tokenizer\":\"Other\",\"instruct_type\":null}")
                    .append(",\"pricing\":{\"prompt\":\"").append(m[3]).append("\",\"completion\":\"").append(m[4])
                    .append("\",\"request\":\"0\",\"image\":\"0\",\"input_cache_read\":\"0.0000003\"")
                    .append(",\"input_cache_write\":\"0.00000375\"}")
                    .append(",\"top_provider\":{\"context_length\":").append(m[2])
                    .append(",\"max_completion_tokens\":64000,\"is_moderated\":false}")
                    .append(",\"per_request_limits\":null")
                    .append(",\"supported_parameters\":[\"max_tokens\",\"temperature\",\"tools\",\"stop\"]}");
        }
        sb.append("],\"total_count\":").append(MODELS.length).append('}');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
