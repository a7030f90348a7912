package org.openrouterproxy.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Realistic chat-completions request bodies generated in code (nothing large is committed): a system prompt, then
 * alternating user and assistant turns of plausible text until the body reaches the asked size, ending with a user
 * turn. Deterministic for a given size and model.
 */
public final class ChatBodies {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] WORDS = ("the a proxy request cache token model stream latency server client "
            + "answer question code function returns value list map error retry timeout user assistant system "
            + "prompt context window budget cost fast slow memory buffer byte string number object array field "
            + "please explain why how what when where which could should would Java Rust Python build test deploy "
            + "config header body status chunk event line file path version update change fix review design")
            .split(" ");
    private static final String SYSTEM = "You are a careful senior engineer helping a colleague. Answer precisely, "
            + "show code when it helps, say when you are unsure, and keep answers short unless asked for detail. ";

    private ChatBodies() {
    }

    /** Prints a body to stdout, for scripts: {@code ChatBodies [BYTES [MODEL [stream]]]}. */
    public static void main(String[] args) throws IOException {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        String model = args.length > 1 ? args[1] : BenchInfo.DEFAULT_MODEL;
        System.out.write(chat(model, size, args.length > 2 && args[2].equals("stream")));
        System.out.flush();
    }

    /** A body of about {@code targetBytes} (within a few hundred bytes, never less than about 600). */
    public static byte[] chat(String model, int targetBytes, boolean stream) {
        SplittableRandom random = new SplittableRandom(targetBytes * 31L + model.hashCode());
        ByteArrayOutputStream out = new ByteArrayOutputStream(targetBytes + 512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", model);
            g.writeArrayFieldStart("messages");
            message(g, "system", SYSTEM + text(random, Math.min(2_000, targetBytes / 6)));
            int turn = Math.max(200, Math.min(4_000, targetBytes / 6));
            boolean user = true;
            g.flush();
            while (out.size() + 1.1 * turn < targetBytes - 150 || !user) {
                message(g, user ? "user" : "assistant", text(random, turn));
                user = !user;
                g.flush();
            }
            message(g, "user", text(random, Math.max(40, (int) ((targetBytes - out.size() - 150) / 1.05))));
            g.writeEndArray();
            g.writeNumberField("temperature", 0.7);
            g.writeNumberField("max_tokens", 512);
            g.writeBooleanField("stream", stream);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void message(JsonGenerator g, String role, String content) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", role);
        g.writeStringField("content", content);
        g.writeEndObject();
    }

    private static String text(SplittableRandom random, int chars) {
        StringBuilder sb = new StringBuilder(chars + 16);
        while (sb.length() < chars) {
            sb.append(WORDS[random.nextInt(WORDS.length)]);
            sb.append(random.nextInt(12) == 0 ? ".\n" : " ");
        }
        return sb.toString();
    }
}
