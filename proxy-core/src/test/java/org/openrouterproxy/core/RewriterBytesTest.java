package org.openrouterproxy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Byte-level checks: everything outside the edited spots must come out exactly as the client sent it. */
class RewriterBytesTest {
    private static final Path BYTES = Path.of("src/test/resources/bytes");
    private static final String MODEL = "anthropic/claude-sonnet-4.5";
    private final ChatRequestRewriter rewriter = new ChatRequestRewriter(CachePolicy.defaults());

    @Test
    void oddFormattingNumbersAndEscapesSurviveByteForByte() throws Exception {
        byte[] request = Files.readAllBytes(BYTES.resolve("odd-format.request.json"));
        ChatRewrite out = rewriter.rewrite(request, false);
        assertThat(utf8(out.body())).isEqualTo(Files.readString(BYTES.resolve("odd-format.expected.json")));
        assertThat(out.markers()).isEqualTo(1);
        assertThat(out.model()).isEqualTo(MODEL);
    }

    @Test
    void systemAndLastWrapsBothStringsKeepingTheirExactTokens() throws Exception {
        byte[] request = Files.readAllBytes(BYTES.resolve("system-and-last-1h.request.json"));
        ChatRewrite out = new ChatRequestRewriter(
                new CachePolicy(List.of("qwen/*"), CacheStrategy.SYSTEM_AND_LAST, "1h")).rewrite(request, false);
        assertThat(utf8(out.body())).isEqualTo(Files.readString(BYTES.resolve("system-and-last-1h.expected.json")));
        assertThat(out.markers()).isEqualTo(2);
        assertThat(out.stream()).isTrue();
    }

    @Test
    void twoMegabyteMultibyteStringIsWrappedWithoutChangingOneByte() {
        StringBuilder text = new StringBuilder();
        while (text.length() < 1_700_000) {
            text.append("Zeile \u00e9\u4e2d\uD83D\uDE00 \\\"q\\\" \\u00e9 ");
        }
        String head = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":";
        String token = "\"" + text + "\"";
        String tail = "}],\"max_tokens\":1.0e3}";
        byte[] request = (head + token + tail).getBytes(StandardCharsets.UTF_8);
        assertThat(request.length).isGreaterThan(2_000_000);

        ChatRewrite out = rewriter.rewrite(request, false);

        String expected = head + "[{\"type\":\"text\",\"text\":" + token
                + ",\"cache_control\":{\"type\":\"ephemeral\"}}]" + tail;
        assertThat(out.body()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void skippedRequestsReturnTheSameArray() {
        byte[] request = ("{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}]}").getBytes(StandardCharsets.UTF_8);
        ChatRewrite out = rewriter.rewrite(request, false);
        assertThat(out.body()).isSameAs(request);
        assertThat(out.decision()).isEqualTo(CacheDecision.SKIPPED);

        byte[] anthropic = ("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(rewriter.rewrite(anthropic, true).body()).isSameAs(anthropic);
        assertThat(new ChatRequestRewriter(new CachePolicy(List.of("*"), CacheStrategy.OFF, "5m"))
                .rewrite(anthropic, false).body()).isSameAs(anthropic);
    }

    @Test
    void utf8ByteOrderMarkIsKept() {
        byte[] request = ("\uFEFF{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        ChatRewrite out = rewriter.rewrite(request, false);
        assertThat(utf8(out.body())).isEqualTo("\uFEFF{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hi\",\"cache_control\":{\"type\":\"ephemeral\"}}]}]}");
    }

    @Test
    void utf16And32BodiesAreRejected() {
        String json = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        for (String charset : List.of("UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE")) {
            byte[] body = json.getBytes(java.nio.charset.Charset.forName(charset));
            assertThatThrownBy(() -> rewriter.rewrite(body, false)).as(charset)
                    .isInstanceOfSatisfying(ProxyError.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("unsupported_encoding");
                    });
        }
    }

    @Test
    void deepNestingWorksAndAbsurdNestingIsA400() {
        String deep = "[".repeat(200) + "{\"cache_control\":1,\"k\":true}" + "]".repeat(200);
        byte[] ok = ("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"t\",\"x\":" + deep + "}]}]}").getBytes(StandardCharsets.UTF_8);
        String out = utf8(rewriter.rewrite(ok, false).body());
        assertThat(out).contains("[[{\"k\":true}]]").endsWith("\"cache_control\":{\"type\":\"ephemeral\"}}]}]}");

        String absurd = "[".repeat(100_000) + "]".repeat(100_000);
        byte[] bad = ("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"x\":" + absurd + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> rewriter.rewrite(bad, false)).isInstanceOf(ProxyError.class);
    }

    @Test
    void everyKindOfBadInputIsA400WithAMessage() {
        List<String> bodies = List.of("", " ", "null", "\"x\"", "[]", "{", "{}", "{\"messages\":null}",
                "{\"messages\":[1]}", "{\"messages\":[[]]}", "{\"messages\":[{}],\"model\":null}",
                "{\"messages\":[{\"content\":\"\\ud800\"}", "{\"messages\":[{}]}]", "\u00ff\u00fe",
                "{\"messages\":[{\"content\":\"\u0001\"}]}");
        for (String b : bodies) {
            assertThatThrownBy(() -> rewriter.rewrite(b.getBytes(StandardCharsets.UTF_8), false)).as(b)
                    .isInstanceOfSatisfying(ProxyError.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage()).isNotBlank();
                    });
        }
        assertThatThrownBy(() -> rewriter.rewrite(null, false)).isInstanceOf(ProxyError.class);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
