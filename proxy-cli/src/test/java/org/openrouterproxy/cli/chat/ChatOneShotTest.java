package org.openrouterproxy.cli.chat;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.cli.chat.ChatRig.PLAIN_MODEL;

/** {@code proxy chat} one-shot, end to end: a real proxy in front of the fake OpenRouter over real sockets. */
class ChatOneShotTest {
    @TempDir
    static Path dir;
    private static ChatRig rig;

    @BeforeAll
    static void start() {
        rig = ChatRig.open(dir);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void streamsTheAnswerThenANewlineAndFactsOnStderr() throws Exception {
        ChatRig.Result r = rig.chat(null, "-m", PLAIN_MODEL, "Why is the sky blue?");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        assertThat(r.out()).isEqualTo("Mock reply to: Why is the sky blue?\n");
        JsonNode body = rig.lastBody();
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(ChatRig.transcript(body)).containsExactly("user: Why is the sky blue?");
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith(PLAIN_MODEL + " | ttft ").contains(" | total ", " | in ", "(cached 0)",
                " | out ", " | cost $");
    }

    @Test
    void noStreamWaitsForTheWholeAnswer() throws Exception {
        ChatRig.Result r = rig.chat(null, "-m", PLAIN_MODEL, "--no-stream", "Why is the sky blue?");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        assertThat(r.out()).isEqualTo("Mock reply to: Why is the sky blue?\n");
        assertThat(rig.lastBody().has("stream")).isFalse();
        assertThat(r.err()).startsWith(PLAIN_MODEL + " | total ").doesNotContain("ttft").contains("(cached 0)");
    }

    @Test
    void stdinAloneIsThePrompt() throws Exception {
        ChatRig.Result r = rig.chat("hi from a pipe\n", "-m", PLAIN_MODEL);
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        assertThat(ChatRig.transcript(rig.lastBody())).containsExactly("user: hi from a pipe");
        assertThat(r.out()).isEqualTo("Mock reply to: hi from a pipe\n");
    }

    @Test
    void stdinIsAppendedAsASecondBlock() throws Exception {
        String diff = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n";
        ChatRig.Result r = rig.chat(diff, "-m", PLAIN_MODEL, "--no-stream", "Review", "this");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        assertThat(ChatRig.transcript(rig.lastBody())).containsExactly("user: Review this\n\n" + diff.strip());
    }

    @Test
    void systemPromptMaxTokensAndTemperatureReachUpstream() throws Exception {
        ChatRig.Result r = rig.chat(null, "-m", PLAIN_MODEL, "-s", "Answer in French.", "--max-tokens", "64",
                "--temperature", "0.3", "-q", "Bonjour");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        assertThat(r.err()).isEmpty();
        JsonNode body = rig.lastBody();
        assertThat(ChatRig.transcript(body)).containsExactly("system: Answer in French.", "user: Bonjour");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
    }

    @Test
    void jsonStreamedPrintsOneChunkPerLineWithUsageLast() throws Exception {
        ChatRig.Result r = rig.chat(null, "-m", PLAIN_MODEL, "--json", "-q", "hello");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSizeGreaterThan(2).noneMatch(l -> l.contains("[DONE]"));
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            JsonNode chunk = ChatRig.JSON.readTree(line);
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            text.append(chunk.at("/choices/0/delta/content").asText(""));
        }
        assertThat(text).hasToString("Mock reply to: hello");
        JsonNode last = ChatRig.JSON.readTree(lines.get(lines.size() - 1));
        assertThat(last.path("usage").path("prompt_tokens").asLong()).isPositive();
    }

    @Test
    void jsonNoStreamPrintsTheResponseBody() throws Exception {
        ChatRig.Result r = rig.chat(null, "-m", PLAIN_MODEL, "--json", "--no-stream", "hello");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        JsonNode body = ChatRig.JSON.readTree(r.out());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Mock reply to: hello");
        assertThat(r.out().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains(" | in ");
    }

    @Test
    void cannotConnectIsExitFourWithAHint() throws Exception {
        String url = "http://127.0.0.1:" + ChatRig.closedPort();
        ChatRig.Result r = rig.run(null, "--url", url, "hello");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_CANNOT_CONNECT);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("proxy chat: cannot connect to " + url
                + ": is `proxy serve` running? (or set --url, OPENAI_PROXY_HOST/OPENAI_PROXY_PORT)");
    }

    @Test
    void verboseAddsDetailsToTheFailure() throws Exception {
        String url = "http://127.0.0.1:" + ChatRig.closedPort();
        ChatRig.Result r = rig.run(null, "--url", url, "-v", "--no-stream", "hello");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_CANNOT_CONNECT);
        assertThat(r.err()).contains("POST " + url + "/v1/chat/completions", "ConnectException");
        assertThat(r.errLines().size()).isGreaterThan(2);
    }

    @Test
    void upstreamErrorsAreExitSixStreamedOrNot() {
        for (String model : List.of("mock/error-429", "mock/error-500", "mock/error-403")) {
            for (String mode : List.of("--no-stream", "-q")) {
                ChatRig.Result r = rig.chat(null, "-m", model, mode, "hello");
                String status = model.substring(model.length() - 3);
                assertThat(r.code()).as(model + " " + mode).isEqualTo(ChatCommand.EXIT_UPSTREAM);
                assertThat(r.errLines()).as(model + " " + mode).hasSize(1);
                assertThat(r.err()).startsWith("proxy chat: " + status + " from proxy (");
                assertThat(r.out()).isEmpty();
            }
        }
    }

    @Test
    void midStreamErrorKeepsThePartialAnswerAndExitsSix() {
        ChatRig.Result r = rig.chat(null, "-m", "mock/midstream-error", "hello there");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_UPSTREAM);
        assertThat(r.out()).isNotEmpty().endsWith("\n");
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("proxy chat: upstream error in the middle of the answer (");
    }
}
