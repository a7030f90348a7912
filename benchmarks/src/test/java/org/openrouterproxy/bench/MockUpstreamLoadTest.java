package org.openrouterproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openrouterproxy.server.mock.MockOpenRouter;
import org.openrouterproxy.server.mock.MockOptions;

/** The generator against the project's fake OpenRouter (Helidon, chunked SSE, Content-Length JSON). */
class MockUpstreamLoadTest {
    private static LoadSpec.Builder chat(MockOpenRouter mock, boolean stream) {
        return LoadSpec.builder(URI.create(mock.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer sk-or-test")
                .body(ChatBodies.chat(BenchInfo.DEFAULT_MODEL, 3_000, stream)).stream(stream)
                .connections(4).threads(1).warmup(Duration.ofMillis(200)).duration(Duration.ofMillis(800));
    }

    @Test
    void jsonAnswers() throws Exception {
        try (MockOpenRouter mock = MockOpenRouter.start(MockOptions.defaults())) {
            LoadReport r = new LoadGenerator().run(chat(mock, false).build(), null);
            assertThat(r.errors()).isEmpty();
            assertThat(r.requests()).isPositive();
        }
    }

    @Test
    void streamsCarryContentChunksPlusFinishAndUsage() throws Exception {
        try (MockOpenRouter mock = MockOpenRouter.start(MockOptions.defaults().withChunks(6)
                .withChunkInterval(Duration.ofMillis(2)))) {
            // no warm-up, so that every chunk of every stream falls inside the measured run
            LoadReport r = new LoadGenerator().run(chat(mock, true).expectedChunks(BenchInfo.mockDataEvents(6))
                    .warmup(Duration.ZERO).build(), null);
            assertThat(r.errors()).isEmpty();
            assertThat(r.requests()).isPositive();
            // complete streams carry all their events; streams cut by the end of the run carry some
            assertThat(r.streaming().chunks()).isBetween(r.requests() * BenchInfo.mockDataEvents(6),
                    (r.requests() + 4) * BenchInfo.mockDataEvents(6));
            assertThat(r.streaming().gap().p50()).isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void errorModelsShowUpByStatus() throws Exception {
        try (MockOpenRouter mock = MockOpenRouter.start(MockOptions.defaults())) {
            LoadReport r = new LoadGenerator().run(chat(mock, false)
                    .body(ChatBodies.chat("mock/error-429", 2_000, false)).build(), null);
            assertThat(r.requests()).isZero();
            assertThat(r.errors()).containsOnlyKeys("status_429");
        }
    }
}
