package org.openrouterproxy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case under {@code src/test/resources/golden/<case>/}: {@code request.json}, {@code expected.json}
 * (absent for error cases) and an optional {@code policy.properties} with {@code models}, {@code strategy},
 * {@code ttl}, {@code skipCache}, {@code expect.decision}, {@code expect.markers}, {@code expect.error}.
 */
class GoldenRewriteTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            List<String> names = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
            assertThat(names).hasSizeGreaterThanOrEqualTo(25);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void goldenCase(String name) throws Exception {
        Path dir = GOLDEN.resolve(name);
        Properties props = new Properties();
        Path propsFile = dir.resolve("policy.properties");
        if (Files.exists(propsFile)) {
            try (Reader r = Files.newBufferedReader(propsFile)) {
                props.load(r);
            }
        }
        CachePolicy policy = new CachePolicy(
                Arrays.asList(props.getProperty("models", String.join(",", CachePolicy.DEFAULT_MODELS)).split(",")),
                CacheStrategy.parse(props.getProperty("strategy", "last-message")),
                props.getProperty("ttl", "5m"));
        boolean skip = Boolean.parseBoolean(props.getProperty("skipCache", "false"));
        byte[] request = Files.readAllBytes(dir.resolve("request.json"));
        ChatRequestRewriter rewriter = new ChatRequestRewriter(policy);

        String error = props.getProperty("expect.error");
        if (error != null) {
            assertThatThrownBy(() -> rewriter.rewrite(request, skip))
                    .isInstanceOfSatisfying(ProxyError.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo(error);
                    });
            return;
        }
        ChatRewrite out = rewriter.rewrite(request, skip);
        JsonNode expected = ReferenceRewriter.MAPPER.readTree(dir.resolve("expected.json").toFile());
        assertThat(ReferenceRewriter.MAPPER.readTree(out.body())).isEqualTo(expected);
        assertThat(ReferenceRewriter.expected(request, policy, skip)).as("reference agrees").isEqualTo(expected);

        String decision = props.getProperty("expect.decision");
        if (decision != null) {
            assertThat(out.decision().headerValue()).isEqualTo(decision);
        }
        if (out.decision() == CacheDecision.SKIPPED) {
            assertThat(out.body()).as("skipped bodies are the client's own array").isSameAs(request);
            assertThat(out.markers()).isZero();
        } else {
            assertThat(out.markers()).isPositive();
        }
        String markers = props.getProperty("expect.markers");
        if (markers != null) {
            assertThat(out.markers()).isEqualTo(Integer.parseInt(markers));
        }
    }
}
