package org.openrouterproxy.server.mock;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** Renders the fake OpenRouter's bodies in OpenRouter's exact shapes, with string building instead of trees. */
final class MockReplies {
    static final byte[] PROCESSING = ": OPENROUTER PROCESSING\n\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    static final String PROVIDER = "Mock";
    private static final int SNIPPET_CHARS = 120;

    private MockReplies() {
    }

    /** The answer text: recognisably built from the last user message so concurrent callers can tell theirs. */
    static String answer(String lastUserText) {
        String s = lastUserText.strip();
        if (s.length() > SNIPPET_CHARS) {
            s = s.substring(s.length() - SNIPPET_CHARS);
        }
        return "Mock reply to: " + s;
    }

    static int completionTokens(String answer) {
        return Math.max(1, (answer.length() + 3) / 4);
    }

    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** A full {@code chat.completion} JSON body. */
    static byte[] completion(String id, String model, long created, String answer, String usage) {
        StringBuilder sb = new StringBuilder(256 + answer.length() + usage.length());
        sb.append("{\"id\":").append(quote(id))
                .append(",\"provider\":\"").append(PROVIDER).append('"')
                .append(",\"model\":").append(quote(model))
                .append(",\"object\":\"chat.completion\",\"created\":").append(created)
                .append(",\"choices\":[{\"logprobs\":null,\"finish_reason\":\"stop\",\"native_finish_reason\":\"stop\"")
                .append(",\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":").append(quote(answer))
                .append(",\"refusal\":null,\"reasoning\":null}}],\"usage\":").append(usage).append('}');
        return bytes(sb);
    }

    /** The common prefix of every chunk of one stream, up to and including {@code "choices":}. */
    static String chunkPrefix(String id, String model, long created) {
        return "data: {\"id\":" + quote(id) + ",\"provider\":\"" + PROVIDER + "\",\"model\":" + quote(model)
                + ",\"object\":\"chat.completion.chunk\",\"created\":" + created + ",\"choices\":";
    }

    /** One content chunk event. */
    static byte[] contentChunk(String prefix, String piece) {
        return bytes(new StringBuilder(prefix.length() + piece.length() + 160).append(prefix)
                .append("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":").append(quote(piece))
                .append("},\"finish_reason\":null,\"native_finish_reason\":null,\"logprobs\":null}]}\n\n"));
    }

    /** The chunk carrying {@code finish_reason}. */
    static byte[] finishChunk(String prefix, String reason) {
        return bytes(new StringBuilder(prefix)
                .append("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}")
                .append(",\"finish_reason\":\"").append(reason).append("\",\"native_finish_reason\":\"").append(reason)
                .append("\",\"logprobs\":null}]}\n\n"));
    }

    /** The last chunk before {@code [DONE]}: empty choices and the usage object. */
    static byte[] usageChunk(String prefix, String usage) {
        return bytes(new StringBuilder(prefix).append("[],\"usage\":").append(usage).append("}\n\n"));
    }

    /** A mid-stream error event as OpenRouter sends it: top-level error plus a choice finishing with "error". */
    static byte[] midStreamError(String prefix, int code, String message) {
        String p = prefix.substring(0, prefix.length() - ",\"choices\":".length());
        return bytes(new StringBuilder(p).append(",\"error\":{\"code\":").append(code).append(",\"message\":")
                .append(quote(message)).append(",\"metadata\":{\"provider_name\":\"").append(PROVIDER)
                .append("\"}},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"")
                .append(",\"native_finish_reason\":\"error\"}]}\n\n"));
    }

    /** OpenRouter's usage object, including cached and written prompt tokens and the cost. */
    static String usage(int prompt, int completion, int cached, int written) {
        double cost = (Math.max(0, prompt - cached - written) * 3.0 + cached * 0.3 + written * 3.75
                + completion * 15.0) / 1_000_000.0;
        return "{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion)
                + ",\"cost\":" + String.format(Locale.ROOT, "%.8f", cost)
                + ",\"is_byok\":false,\"prompt_tokens_details\":{\"cached_tokens\":" + cached
                + ",\"cache_write_tokens\":" + written + ",\"audio_tokens\":0}"
                + ",\"cost_details\":{\"upstream_inference_cost\":null}"
                + ",\"completion_tokens_details\":{\"reasoning_tokens\":0,\"image_tokens\":0}}";
    }

    /** OpenRouter's error body: {@code {"error":{"code":..,"message":..,"metadata":{..}}}}. */
    static byte[] error(int code, String message) {
        return bytes(new StringBuilder("{\"error\":{\"code\":").append(code).append(",\"message\":")
                .append(quote(message)).append(",\"metadata\":{\"provider_name\":\"").append(PROVIDER)
                .append("\"}}}"));
    }

    static String errorMessage(int code) {
        return switch (code) {
            case 400 -> "Invalid request (mock)";
            case 401 -> "No auth credentials found";
            case 402 -> "Insufficient credits (mock)";
            case 403 -> "Input flagged by moderation (mock)";
            case 404 -> "No endpoints found (mock)";
            case 408 -> "Request timed out (mock)";
            case 429 -> "Rate limit exceeded (mock)";
            case 500 -> "Internal server error (mock)";
            case 502 -> "Provider returned error (mock)";
            case 503 -> "No available provider (mock)";
            default -> "Mock error " + code;
        };
    }

    /** Splits {@code text} into {@code n} pieces of nearly equal length (some may be empty). */
    static String[] split(String text, int n) {
        String[] out = new String[n];
        int len = text.length();
        for (int i = 0; i < n; i++) {
            int from = (int) ((long) len * i / n);
            int to = (int) ((long) len * (i + 1) / n);
            if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
                from++;
            }
            if (to < len && to > 0 && Character.isLowSurrogate(text.charAt(to))) {
                to++;
            }
            out[i] = from >= to ? "" : text.substring(from, Math.min(to, len));
        }
        return out;
    }

    static byte[] bytes(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
