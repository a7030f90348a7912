package org.openrouterproxy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Property test: thousands of seeded, generated and mutated bodies. Each one either rewrites to valid JSON that
 * equals {@link ReferenceRewriter}'s tree-based answer, or is a 400 that the reference also rejects. Nothing else.
 */
class RewriterFuzzTest {
    private static final List<CachePolicy> POLICIES = List.of(
            CachePolicy.defaults(),
            new CachePolicy(List.of("*"), CacheStrategy.SYSTEM_AND_LAST, "1h"),
            new CachePolicy(List.of("anthropic/*", "openai/*"), CacheStrategy.SYSTEM_AND_LAST, "5m"),
            new CachePolicy(List.of("*"), CacheStrategy.OFF, "5m"));

    private int accepted;
    private int injected;
    private int rejected;

    @Test
    void generatedAndMutatedBodiesMatchTheReference() throws Exception {
        Random random = new Random(Long.getLong("fuzz.seed", 20261201L));
        RandomChatBody generator = new RandomChatBody(random);
        for (int i = 0; i < 4000; i++) {
            byte[] body = generator.body().getBytes(StandardCharsets.UTF_8);
            check(body, random);
            check(mutate(body, random), random);
        }
        assertThat(accepted + rejected).isEqualTo(8000);
        assertThat(injected).as("injected").isGreaterThan(1000);
        assertThat(rejected).as("rejected").isGreaterThan(1000);
        assertThat(accepted - injected).as("accepted, not injected").isGreaterThan(500);
    }

    private void check(byte[] body, Random random) throws Exception {
        CachePolicy policy = POLICIES.get(random.nextInt(POLICIES.size()));
        boolean skip = random.nextInt(10) == 0;
        byte[] copy = body.clone();
        JsonNode expected;
        try {
            expected = ReferenceRewriter.expected(body, policy, skip);
        } catch (ReferenceRewriter.Rejected r) {
            expected = null;
        }
        ChatRewrite out;
        try {
            out = new ChatRequestRewriter(policy).rewrite(body, skip);
        } catch (ProxyError e) {
            assertThat(e.status()).isEqualTo(400);
            if (expected != null) {
                fail("rejected (" + e.code() + ": " + e.getMessage() + ") but the reference accepts: " + show(body));
            }
            rejected++;
            return;
        } catch (Throwable t) {
            throw new AssertionError("unexpected " + t + " for " + show(body), t);
        }
        assertThat(body).as("input is never modified").isEqualTo(copy);
        if (expected == null) {
            fail("accepted but the reference rejects: " + show(body));
        }
        accepted++;
        JsonNode actual = parseStrict(out.body());
        assertThat(actual).as("rewrite of %s", show(body)).isEqualTo(expected);
        if (out.decision() == CacheDecision.INJECTED) {
            injected++;
            assertThat(out.markers()).isEqualTo(ReferenceRewriter.markers(expected));
        } else {
            assertThat(out.body()).isSameAs(body);
            assertThat(out.markers()).isZero();
        }
    }

    private static JsonNode parseStrict(byte[] bytes) throws Exception {
        try (JsonParser p = ReferenceRewriter.MAPPER.createParser(bytes)) {
            JsonNode node = p.readValueAsTree();
            assertThat(p.nextToken()).as("nothing after the object in %s", show(bytes)).isNull();
            return node;
        }
    }

    private static byte[] mutate(byte[] body, Random random) {
        byte[] b = body.clone();
        String significant = "{}[],:\"\\ 0e.-tn";
        String inserted = ",\"}]{[ :\u00e9";
        int ops = 1 + random.nextInt(3);
        for (int op = 0; op < ops && b.length > 0; op++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b = Arrays.copyOf(b, at);
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> b[at] = (byte) significant.charAt(random.nextInt(significant.length()));
                case 3 -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
                case 4 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) inserted.charAt(random.nextInt(inserted.length()));
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                default -> {
                    int len = Math.min(b.length - at, 1 + random.nextInt(40));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
            }
        }
        return b;
    }

    private static String show(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }
}
