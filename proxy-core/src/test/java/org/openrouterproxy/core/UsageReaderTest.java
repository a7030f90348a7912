package org.openrouterproxy.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class UsageReaderTest {
    @Test
    void readsUsageOfAFullResponse() {
        String body = "{\"id\":\"gen-1\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"usage\"}}],"
                + "\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":35,\"total_tokens\":1235,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1024,\"cache_write_tokens\":0},\"cost\":0.00042}}";
        assertThat(UsageReader.fromJson(body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Usage(1200, 35, 1024, 0.00042));
    }

    @Test
    void readsCacheWriteTokensInJsonAndInTheSseUsageChunk() {
        String usage = "\"usage\":{\"prompt_tokens\":3000,\"completion_tokens\":9,\"cost\":0.0113,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0,\"cache_write_tokens\":2900}}";
        Usage expected = new Usage(3000, 9, 0, 2900, 0.0113);
        assertThat(UsageReader.fromJson(("{\"id\":\"gen-2\"," + usage + "}").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(expected);
        assertThat(UsageReader.fromEventData("{\"id\":\"gen-2\",\"choices\":[]," + usage + "}"))
                .isEqualTo(expected);
        assertThat(UsageReader.fromEventData("{\"usage\":{\"prompt_tokens_details\":{\"cache_write_tokens\":[1]}}}"))
                .isEqualTo(new Usage(0, 0, 0, 0, null));
    }

    @Test
    void missingPartsDefaultToZeroAndNoCost() {
        assertThat(UsageReader.fromJson("{\"usage\":{\"prompt_tokens\":5}}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Usage(5, 0, 0, null));
        String odd = "{\"usage\":{\"completion_tokens\":\"x\",\"prompt_tokens_details\":null}}";
        assertThat(UsageReader.fromEventData(odd))
                .isEqualTo(new Usage(0, 0, 0, null));
    }

    @Test
    void readsTheUsageChunkOfTheGoldenStream() throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of("src/test/resources/sse/openrouter-stream.sse"));
        Usage last = null;
        int withUsage = 0;
        try (SseEventReader reader = new SseEventReader(new java.io.ByteArrayInputStream(bytes), 1 << 16)) {
            SseEvent e;
            while ((e = reader.next()) != null) {
                Usage u = UsageReader.fromEventData(e.data());
                if (u != null) {
                    last = u;
                    withUsage++;
                }
            }
        }
        assertThat(withUsage).isEqualTo(1);
        assertThat(last).isEqualTo(new Usage(1200, 2, 1024, 0.0012));
    }

    @Test
    void nullWithoutUsageAndNeverThrowsOnGarbage() {
        assertThat(UsageReader.fromJson("{\"choices\":[]}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(UsageReader.fromJson("{\"usage\":null}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(UsageReader.fromJson("{\"x\":{\"usage\":{\"prompt_tokens\":1}}}".getBytes(StandardCharsets.UTF_8)))
                .as("only the top-level usage counts").isNull();
        assertThat(UsageReader.fromJson(null)).isNull();
        assertThat(UsageReader.fromJson(new byte[0])).isNull();
        assertThat(UsageReader.fromEventData(null)).isNull();
        assertThat(UsageReader.fromEventData("[DONE]")).isNull();
        for (String garbage : new String[] {"{\"usage\":{\"prompt_tokens\":", "\"usage\"", "[\"usage\"]",
            "{\"usage\":{\"prompt_tokens\":1e400}}", "{\"usage\" 1}", "\u0000\"usage\""}) {
            UsageReader.fromEventData(garbage);
            UsageReader.fromJson(garbage.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(UsageReader.fromEventData("{\"usage\":{\"prompt_tokens\":-4,\"completion_tokens\":2.0}}"))
                .isEqualTo(new Usage(0, 2, 0, null));
    }

    @Test
    void aCostThatIsNotANumberIsSkippedWholeInJsonAndInTheSseUsageChunk() {
        // its members are not usage fields, and the fields after it still are
        String body = "{\"usage\":{\"cost\":{\"prompt_tokens\":5,\"x\":[1]},\"prompt_tokens\":7,"
                + "\"completion_tokens\":2}}";
        Usage expected = new Usage(7, 2, 0, 0, null);
        assertThat(UsageReader.scan(bytes(body))).isEqualTo(new UsageReader.Scan(true, expected));
        assertThat(UsageReader.fromEventData(body)).isEqualTo(expected);
        assertThat(UsageReader.fromEventData("{\"usage\":{\"cost\":[0.5],\"cost\":null}}"))
                .isEqualTo(new Usage(0, 0, 0, 0, null));
    }

    @Test
    void scanChecksCompletenessAndReadsUsageInOnePass() {
        String body = "{\"id\":\"gen-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3}}";
        assertThat(UsageReader.scan(bytes(body))).isEqualTo(new UsageReader.Scan(true, new Usage(7, 3, 0, null)));
        assertThat(UsageReader.scan(bytes("{\"choices\":[]}"))).isEqualTo(new UsageReader.Scan(true, null));
        assertThat(UsageReader.scan(bytes("[1,{\"usage\":{}}]"))).isEqualTo(new UsageReader.Scan(true, null));
        for (String broken : new String[] {"", "{\"usage\":{\"prompt_tokens\":7}", "{\"a\":1}{", "{\"a\":1} x",
            "\"text\"", "42", "<html>", "{\"a\":[1,2}"}) {
            assertThat(UsageReader.scan(bytes(broken)).complete()).as(broken).isFalse();
        }
        assertThat(UsageReader.scan(null).complete()).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
