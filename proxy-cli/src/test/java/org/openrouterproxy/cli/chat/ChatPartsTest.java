package org.openrouterproxy.cli.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The small pure parts of {@code proxy chat}: SSE line parsing, usage, the facts line, the conversation body. */
class ChatPartsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void sseReaderSkipsCommentsAndJoinsDataLines() throws IOException {
        String stream = ": OPENROUTER PROCESSING\n\ndata: {\"a\":1}\n\nevent: x\ndata:one\ndata: two\n\n"
                + ": keep-alive\ndata: [DONE]\n\n";
        SseDataReader r = new SseDataReader(new BufferedReader(new StringReader(stream)));
        List<String> got = new ArrayList<>();
        for (String d; (d = r.next()) != null; ) {
            got.add(d);
        }
        assertThat(got).containsExactly("{\"a\":1}", "one\ntwo", "[DONE]");
    }

    @Test
    void sseReaderHandsOverAnUnterminatedLastEvent() throws IOException {
        SseDataReader r = new SseDataReader(new BufferedReader(new StringReader("data: x")));
        assertThat(r.next()).isEqualTo("x");
        assertThat(r.next()).isNull();
    }

    @Test
    void usageReadsCachedTokensAndCostOnlyWhenReported() throws IOException {
        TokenUsage full = TokenUsage.from(json.readTree("{\"prompt_tokens\":1200,\"completion_tokens\":30,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1024},\"cost\":0.00042}"));
        assertThat(full).isEqualTo(new TokenUsage(1200, 30, 1024L, 0.00042));
        TokenUsage bare = TokenUsage.from(json.readTree("{\"prompt_tokens\":5,\"completion_tokens\":2}"));
        assertThat(bare).isEqualTo(new TokenUsage(5, 2, null, null));
        assertThat(TokenUsage.from(null)).isNull();
        assertThat(TokenUsage.from(json.readTree("\"no\""))).isNull();
    }

    @Test
    void factsLineNamesModelTimesTokensCachedAndCost() {
        Answer a = new Answer("x", "anthropic/claude-sonnet-4.5", new TokenUsage(1234, 56, 1024L, 0.0042),
                212_000_000L, 1_840_000_000L, false);
        assertThat(FactsLine.of("asked", a)).isEqualTo(
                "anthropic/claude-sonnet-4.5 | ttft 212 ms | total 1.84 s | in 1234 (cached 1024) | out 56 "
                        + "| cost $0.0042");
        Answer plain = new Answer("x", null, null, -1, 5_000_000L, false);
        assertThat(FactsLine.of("asked", plain)).isEqualTo("asked | total 5 ms | usage not reported");
    }

    @Test
    void sessionTotalsShareOfPromptFromCache() {
        SessionTotals t = new SessionTotals();
        t.add(new Answer("a", "m", new TokenUsage(1000, 10, 0L, 0.01), 1, 2, false));
        t.add(new Answer("b", "m", new TokenUsage(1000, 20, 500L, 0.005), 1, 2, false));
        assertThat(t.describe()).isEqualTo(
                "2 answers | prompt 2000 tokens, 500 from cache (25%) | completion 30 tokens | cost $0.015");
    }

    @Test
    void conversationCarriesSystemAndEveryExchange() throws IOException {
        Conversation c = new Conversation(json, "m/1", "sys");
        c.commit("q1", "a1");
        JsonNode body = c.request("q2", new RequestOptions(7, 0.5, true));
        assertThat(body).isEqualTo(json.readTree("{\"model\":\"m/1\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":\"q1\"},"
                + "{\"role\":\"assistant\",\"content\":\"a1\"},{\"role\":\"user\",\"content\":\"q2\"}],"
                + "\"max_tokens\":7,\"temperature\":0.5,\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
        c.reset();
        c.system(null);
        assertThat(c.request("q", new RequestOptions(null, null, false))).isEqualTo(
                json.readTree("{\"model\":\"m/1\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}"));
    }
}
