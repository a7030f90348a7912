package org.openrouterproxy.cli.chat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.openrouterproxy.cli.chat.ChatRig.PLAIN_MODEL;

/** The {@code proxy chat} REPL driven by a scripted stdin ({@code -i}), end to end through a real proxy. */
class ChatReplTest {
    private static final String CACHED_MODEL = "anthropic/claude-sonnet-4.5";
    private static final Pattern FACTS = Pattern.compile("\\| in (\\d+) \\(cached (\\d+)\\) \\| out (\\d+)");
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

    private static ChatRig.Result repl(String script, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "-i";
        all[1] = "-m";
        all[2] = PLAIN_MODEL;
        System.arraycopy(args, 0, all, 3, args.length);
        return rig.chat(script, all);
    }

    @Test
    void theSecondRequestCarriesTheFirstExchange() throws Exception {
        ChatRig.Result r = repl("first question\nsecond question\n");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        assertThat(ChatRig.transcript(rig.lastBody())).containsExactly(
                "user: first question", "assistant: Mock reply to: first question", "user: second question");
        assertThat(r.out()).isEqualTo("Mock reply to: first question\nMock reply to: second question\n");
        assertThat(r.err()).contains("/help lists commands");
        assertThat(r.err().lines().filter(l -> l.startsWith(PLAIN_MODEL + " | ttft"))).hasSize(2);
    }

    @Test
    void resetForgetsTheConversationButKeepsTheSystemPrompt() throws Exception {
        ChatRig.Result r = repl("q1\n/reset\nq2\n", "-s", "Be terse.");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        assertThat(ChatRig.transcript(rig.lastBody())).containsExactly("system: Be terse.", "user: q2");
        assertThat(r.out()).contains("conversation cleared");
    }

    @Test
    void modelAndSystemSwitchForTheNextRequest() throws Exception {
        ChatRig.Result r = repl("/model meta-llama/llama-3.3-70b\n/system You are a pirate.\nahoy\n");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        JsonNode body = rig.lastBody();
        assertThat(body.path("model").asText()).isEqualTo("meta-llama/llama-3.3-70b");
        assertThat(ChatRig.transcript(body)).containsExactly("system: You are a pirate.", "user: ahoy");
        assertThat(r.out()).contains("model: meta-llama/llama-3.3-70b", "system prompt set");
        assertThat(r.err()).contains("meta-llama/llama-3.3-70b | ttft");
    }

    @Test
    void aTrailingBackslashContinuesTheMessage() throws Exception {
        ChatRig.Result r = repl("line one\\\nline two\n");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        assertThat(ChatRig.transcript(rig.lastBody())).containsExactly("user: line one\nline two");
    }

    @Test
    void aLeadingDoubleSlashSendsASlash() throws Exception {
        repl("//etc/hosts is a file\n");
        assertThat(ChatRig.transcript(rig.lastBody())).containsExactly("user: /etc/hosts is a file");
    }

    @Test
    void saveWritesTheConversationAsJson() throws Exception {
        ChatRig.Result r = repl("hello\n/save conv.json\n", "-s", "sys");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        JsonNode saved = ChatRig.JSON.readTree(Files.readString(dir.resolve("conv.json")));
        assertThat(saved).isEqualTo(ChatRig.JSON.readTree("{\"model\":\"" + PLAIN_MODEL + "\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":\"hello\"},"
                + "{\"role\":\"assistant\",\"content\":\"Mock reply to: hello\"}]}"));
        assertThat(r.out()).contains("saved 1 exchange to ");
    }

    @Test
    void usageTotalsTheFactsOfEveryAnswer() {
        ChatRig.Result r = repl("one\ntwo\nthree\n/usage\n");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        long in = 0;
        long cached = 0;
        long out = 0;
        Matcher m = FACTS.matcher(r.err());
        int answers = 0;
        while (m.find()) {
            answers++;
            in += Long.parseLong(m.group(1));
            cached += Long.parseLong(m.group(2));
            out += Long.parseLong(m.group(3));
        }
        assertThat(answers).isEqualTo(3);
        assertThat(in).isPositive();
        long share = Math.round(100.0 * cached / in);
        assertThat(r.out()).contains("3 answers | prompt " + in + " tokens, " + cached + " from cache (" + share
                + "%) | completion " + out + " tokens | cost $");
    }

    @Test
    void aRepeatedLongPromptIsServedFromCacheAndUsageShowsTheShare() throws Exception {
        assumeTrue(markersInjected(), "the proxy on this branch does not inject cache markers yet");
        String question = "Summarise this text: " + "the quick brown fox jumps over the lazy dog. ".repeat(150);
        ChatRig.Result r = rig.chat(question + "\n/reset\n" + question + "\n/usage\n", "-i", "-m", CACHED_MODEL);
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        Matcher m = FACTS.matcher(r.err());
        assertThat(m.find()).isTrue();
        long firstIn = Long.parseLong(m.group(1));
        assertThat(m.find()).isTrue();
        long secondCached = Long.parseLong(m.group(2));
        assertThat(secondCached).isPositive().isLessThanOrEqualTo(firstIn);
        long share = Math.round(100.0 * secondCached / (2 * firstIn));
        assertThat(share).isPositive();
        assertThat(r.out()).contains("2 answers | prompt " + 2 * firstIn + " tokens, " + secondCached
                + " from cache (" + share + "%)");
    }

    /** True when the proxy adds cache markers for {@link #CACHED_MODEL} (the core rewriter injects them). */
    private static boolean markersInjected() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                            URI.create(rig.proxy.baseUrl() + "/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + CACHED_MODEL
                            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"probe\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return res.headers().firstValue("X-Proxy-Cache-Control").orElse("").equals("injected");
        }
    }

    @Test
    void errorsDoNotEndTheSession() throws Exception {
        ChatRig.Result r = repl("/model mock/error-429\nfirst\n/model " + PLAIN_MODEL + "\nsecond\n/exit\nnever\n");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        assertThat(r.err()).contains("proxy chat: 429 from proxy (");
        assertThat(ChatRig.transcript(rig.lastBody())).containsExactly("user: second");
        assertThat(r.out()).contains("Mock reply to: second").doesNotContain("never");
    }

    @Test
    void unknownCommandsAndHelp() {
        ChatRig.Result r = repl("/frob\n/help\n");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        assertThat(r.out()).contains("unknown command /frob", "/model NAME", "/usage", "/save FILE", "/exit");
    }

    @Test
    void aPromptWithDashIIsTheFirstMessage() throws Exception {
        ChatRig.Result r = repl("and then\n", "opening line");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        assertThat(ChatRig.transcript(rig.lastBody())).containsExactly(
                "user: opening line", "assistant: Mock reply to: opening line", "user: and then");
        assertThat(List.of(r.out().split("\n"))).hasSize(2);
    }
}
