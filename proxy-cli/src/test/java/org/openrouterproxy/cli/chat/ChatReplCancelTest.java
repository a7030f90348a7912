package org.openrouterproxy.cli.chat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrouterproxy.server.mock.MockOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C during an answer: the REPL closes the stream, the proxy aborts upstream, and the REPL goes on. The fake
 * OpenRouter's {@code mock/slow} model streams 300 chunks 100 ms apart, so the answer is still running when cancelled.
 */
class ChatReplCancelTest {
    private static final String END = "\u0000end";
    @TempDir
    Path dir;

    /** Input typed line by line by the test; {@link #END} ends the input. */
    private static final class TypedLines implements LineSource {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        void type(String line) {
            lines.add(line);
        }

        @Override
        public String readLine(String prompt) throws IOException {
            try {
                String line = lines.poll(20, TimeUnit.SECONDS);
                return line == null || line.equals(END) ? null : line;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    @Test
    void cancelMidStreamAbortsUpstreamAndKeepsTheSessionGoing() throws Exception {
        try (ChatRig rig = ChatRig.start(dir, MockOptions.defaults(), b -> b.upstreamKey("sk-or-test-upstream"));
             ChatClient client = new ChatClient(rig.proxy.baseUrl(), null, new ObjectMapper())) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            TypedLines input = new TypedLines();
            ObjectMapper json = new ObjectMapper();
            ChatRepl repl = new ChatRepl(input, new PrintWriter(out, true), new PrintWriter(err, true), client,
                    new Conversation(json, "mock/slow", null), new RequestOptions(null, null, true),
                    false, false, dir, json);
            int[] exit = {-1};
            Thread session = Thread.ofVirtual().start(() -> exit[0] = repl.run(null));

            input.type("tell me a long story");
            waitFor(() -> rig.mock.openStreams() == 1 && !out.toString().isEmpty(), "the first streamed text");
            assertThat(repl.cancelAnswer()).isTrue();
            waitFor(() -> rig.mock.openStreams() == 0, "the upstream stream to be aborted");
            waitFor(() -> err.toString().contains("[answer cancelled; this exchange is not kept]"), "the notice");
            assertThat(out.toString()).doesNotContain("Mock reply to: tell me a long story");

            input.type("/model " + ChatRig.PLAIN_MODEL);
            input.type("after the cancel");
            input.type(END);
            session.join(Duration.ofSeconds(60));
            assertThat(session.isAlive()).isFalse();
            assertThat(exit[0]).isEqualTo(ChatCommand.EXIT_OK);
            assertThat(ChatRig.transcript(rig.lastBody())).containsExactly("user: after the cancel");
            assertThat(repl.cancelAnswer()).isFalse();
        }
    }

    @Test
    void cancelBeforeTheFirstByteReturnsToThePrompt() throws Exception {
        try (ChatRig rig = ChatRig.start(dir, MockOptions.defaults(), b -> b.upstreamKey("sk-or-test-upstream"));
             ChatClient client = new ChatClient(rig.proxy.baseUrl(), null, new ObjectMapper())) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            TypedLines input = new TypedLines();
            ObjectMapper json = new ObjectMapper();
            ChatRepl repl = new ChatRepl(input, new PrintWriter(out, true), new PrintWriter(err, true), client,
                    new Conversation(json, "mock/sleep-15000", null), new RequestOptions(null, null, true),
                    true, false, dir, json);
            Thread session = Thread.ofVirtual().start(() -> repl.run(null));
            long before = rig.mock.requestCount();
            input.type("are you there?");
            waitFor(() -> rig.mock.requestCount() > before, "the request to reach the fake OpenRouter");
            assertThat(repl.cancelAnswer()).isTrue();
            // had the cancel not worked, the answer would arrive only after 15 s, past waitFor's 10 s deadline
            waitFor(() -> err.toString().contains("[answer cancelled; this exchange is not kept]"), "the notice");
            input.type(END);
            session.join(Duration.ofSeconds(20));
            assertThat(session.isAlive()).isFalse();
            assertThat(out.toString()).isEmpty();
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
