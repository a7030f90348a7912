package org.openrouterproxy.bench.micro;

import java.nio.charset.StandardCharsets;

/** Upstream payloads for the microbenchmarks, generated in OpenRouter's shapes (nothing large is committed). */
final class Payloads {
    private Payloads() {
    }

    /** A streamed answer: a processing comment, {@code chunks} content chunks, finish, usage, {@code [DONE]}. */
    static byte[] sseTranscript(int chunks) {
        String prefix = "data: {\"id\":\"gen-1764600000-abcdefghijklmnop\",\"provider\":\"Anthropic\","
                + "\"model\":\"anthropic/claude-sonnet-4.5\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1764600000,\"choices\":";
        StringBuilder sb = new StringBuilder(": OPENROUTER PROCESSING\n\n");
        for (int i = 0; i < chunks; i++) {
            sb.append(prefix).append("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"token ")
                    .append(i).append(" of the answer, \"},\"finish_reason\":null,\"native_finish_reason\":null,")
                    .append("\"logprobs\":null}]}\n\n");
        }
        sb.append(prefix).append("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},")
                .append("\"finish_reason\":\"stop\",\"native_finish_reason\":\"stop\",\"logprobs\":null}]}\n\n");
        sb.append(prefix).append("[],\"usage\":{\"prompt_tokens\":2048,\"completion_tokens\":").append(chunks * 5)
                .append(",\"total_tokens\":").append(2048 + chunks * 5).append(",\"cost\":0.0071,\"is_byok\":false,")
                .append("\"prompt_tokens_details\":{\"cached_tokens\":1536,\"cache_write_tokens\":0},")
                .append("\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n");
        sb.append("data: [DONE]\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An OpenRouter {@code GET /models} body with {@code n} models and their usual fields. */
    static byte[] modelsList(int n) {
        String[] authors = {"anthropic", "openai", "google", "meta-llama", "mistralai", "qwen", "deepseek", "x-ai"};
        StringBuilder sb = new StringBuilder("{\"data\":[");
        for (int i = 0; i < n; i++) {
            String id = authors[i % authors.length] + "/model-" + i;
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":\"").append(id).append("\",\"canonical_slug\":\"").append(id).append("-20250101\",")
                    .append("\"hugging_face_id\":null,\"name\":\"Model ").append(i).append("\",\"created\":")
                    .append(1_700_000_000L + i).append(",\"description\":\"A capable general model number ").append(i)
                    .append(" with long context, tool use and a description of a few sentences, as OpenRouter's are.")
                    .append("\",\"context_length\":").append(32_768 << (i % 5))
                    .append(",\"architecture\":{\"modality\":\"text+image->text\",\"input_modalities\":[\"text\",")
                    .append("\"image\"],\"output_modalities\":[\"text\"],\"tokenizer\":\"Other\",")
                    .append("\"instruct_type\":null},")
                    .append("\"pricing\":{\"prompt\":\"0.000003\",\"completion\":\"0.000015\",\"request\":\"0\",")
                    .append("\"image\":\"0.0048\",\"web_search\":\"0\",\"internal_reasoning\":\"0\",")
                    .append("\"input_cache_read\":\"0.0000003\",\"input_cache_write\":\"0.00000375\"},")
                    .append("\"top_provider\":{\"context_length\":200000,\"max_completion_tokens\":64000,")
                    .append("\"is_moderated\":false},\"per_request_limits\":null,\"supported_parameters\":[")
                    .append("\"include_reasoning\",\"max_tokens\",\"reasoning\",\"response_format\",\"stop\",")
                    .append("\"temperature\",\"tool_choice\",\"tools\",\"top_k\",\"top_p\"]}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
