package org.openrouterproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator against real local sockets: counts, errors by kind, the constant-rate correction, streams. */
class LoadGeneratorTest {
    private static final String OK = "{\"id\":\"x\",\"choices\":[]}";

    private static LoadSpec.Builder spec(String url) {
        return LoadSpec.builder(URI.create(url)).body(TinyHttpServer.ascii("{\"model\":\"m\"}"))
                .warmup(Duration.ZERO).duration(Duration.ofMillis(800)).connections(4).threads(2)
                .requestTimeout(Duration.ofSeconds(5));
    }

    private static String sse(int chunks, boolean done) {
        StringBuilder sb = new StringBuilder(": OPENROUTER PROCESSING\n\n");
        for (int i = 0; i < chunks; i++) {
            sb.append("data: {\"choices\":[{\"delta\":{\"content\":\"t").append(i).append("\"}}]}\n\n");
        }
        return done ? sb.append("data: [DONE]\n\n").toString() : sb.toString();
    }

    @Test
    void closedLoopCountsEveryCompletedRequestOnce() throws Exception {
        try (TinyHttpServer server = new TinyHttpServer((out, n) -> {
            out.write(TinyHttpServer.fixed(200, OK));
            return true;
        })) {
            LoadReport r = new LoadGenerator().run(spec(server.url("/v1/chat/completions")).build(), null);
            assertThat(r.errors()).isEmpty();
            assertThat(r.requests()).isPositive();
            // every request the server answered was counted, except at most one in flight per connection at the end
            assertThat(r.requests()).isBetween(server.requests() - 4, server.requests());
            assertThat(r.bytes()).isEqualTo(r.requests() * OK.length());
            assertThat(r.latency().count()).isEqualTo(r.requests());
            assertThat(r.reconnects()).isZero();
        }
    }

    @Test
    void errorsAreCountedByKindAndClosedConnectionsReopen() throws Exception {
        try (TinyHttpServer server = new TinyHttpServer((out, n) -> {
            boolean close = n % 3 == 0;
            String response = new String(n % 2 == 0 ? TinyHttpServer.fixed(500, "{}") : TinyHttpServer.fixed(200, OK),
                    java.nio.charset.StandardCharsets.UTF_8);
            out.write(TinyHttpServer.ascii(close ? response.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")
                    : response));
            return !close;
        })) {
            LoadReport r = new LoadGenerator().run(spec(server.url("/x")).build(), null);
            assertThat(r.errors()).containsOnlyKeys("status_500");
            assertThat(r.requests()).isPositive();
            assertThat(r.reconnects()).isPositive();
        }
    }

    @Test
    void refusedConnectionsAreConnectErrors() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LoadReport r = new LoadGenerator().run(spec("http://127.0.0.1:" + port + "/").duration(Duration.ofMillis(300))
                .build(), null);
        assertThat(r.requests()).isZero();
        assertThat(r.errors()).containsKey("connect");
    }

    @Test
    void constantRateMeasuresFromTheIntendedSendTime() throws Exception {
        // one connection, 100 req/s intended, but each answer takes 30 ms: every send after the first is late,
        // so latency from the intended time must grow beyond the latency from the actual send
        try (TinyHttpServer server = new TinyHttpServer((out, n) -> {
            Thread.sleep(30);
            out.write(TinyHttpServer.fixed(200, OK));
            return true;
        })) {
            LoadReport r = new LoadGenerator().run(spec(server.url("/")).connections(1).threads(1).rate(100)
                    .duration(Duration.ofMillis(600)).build(), null);
            assertThat(r.mode()).isEqualTo("constant-rate");
            assertThat(r.requests()).isGreaterThan(3);
            assertThat(r.lateSends()).isGreaterThanOrEqualTo(r.requests() - 1);
            assertThat(r.latency().max()).isGreaterThan(r.rawLatency().max());
            assertThat(r.rawLatency().p50()).isGreaterThanOrEqualTo(30.0);
            assertThat(r.latency().p50()).isGreaterThan(r.rawLatency().p50());
        }
    }

    @Test
    void completeStreamsHaveNoLostChunksAndShortOnesDo() throws Exception {
        try (TinyHttpServer server = new TinyHttpServer((out, n) -> {
            out.write(TinyHttpServer.sseHead());
            for (String event : sse(n % 4 == 0 ? 3 : 5, true).split("(?<=\n\n)")) {
                out.write(TinyHttpServer.chunk(event));
                out.flush();
            }
            out.write(TinyHttpServer.lastChunk());
            return true;
        })) {
            LoadReport r = new LoadGenerator().run(spec(server.url("/")).stream(true).expectedChunks(5).build(), null);
            assertThat(r.requests()).isPositive();
            assertThat(r.errors()).containsOnlyKeys("lost_chunk");
            assertThat(r.streaming().lostChunks()).isEqualTo(2 * r.errors().get("lost_chunk"));
            assertThat(r.streaming().ttft().count()).isGreaterThanOrEqualTo(r.requests());
            assertThat(r.streaming().gap().count()).isPositive();
            assertThat(r.streaming().expectedPerStream()).isEqualTo(5);
        }
    }

    @Test
    void aStreamCutOffMidwayIsTruncated() throws Exception {
        try (TinyHttpServer server = new TinyHttpServer((out, n) -> {
            out.write(TinyHttpServer.sseHead());
            out.write(TinyHttpServer.chunk(sse(2, false)));
            return false;
        })) {
            LoadReport r = new LoadGenerator().run(spec(server.url("/")).stream(true).duration(Duration.ofMillis(300))
                    .build(), null);
            assertThat(r.requests()).isZero();
            assertThat(r.errors()).containsOnlyKeys("truncated_stream");
        }
    }

    @Test
    void jsonReportHasTheDocumentedShape(@TempDir Path dir) throws Exception {
        try (TinyHttpServer server = new TinyHttpServer((out, n) -> {
            out.write(TinyHttpServer.fixed(200, OK));
            return true;
        })) {
            LoadReport r = new LoadGenerator().run(spec(server.url("/")).stream(false).duration(Duration.ofMillis(300))
                    .process("self", ProcessHandle.current().pid()).build(), null);
            Path file = dir.resolve("r.json");
            r.writeJson(file);
            JsonNode j = new ObjectMapper().readTree(Files.readString(file));
            assertThat(j.get("mode").asText()).isEqualTo("closed-loop");
            assertThat(j.get("requests").asLong()).isEqualTo(r.requests());
            assertThat(j.get("connections").asInt()).isEqualTo(4);
            for (String p : new String[] {"count", "mean", "p50", "p90", "p99", "p999", "max"}) {
                assertThat(j.get("latency").has(p)).as(p).isTrue();
            }
            assertThat(j.get("errors").isObject()).isTrue();
            assertThat(j.has("streaming")).isFalse();
            if (Files.exists(Path.of("/proc/self/status"))) {
                assertThat(j.get("processes").get(0).get("rssPeak").asLong()).isPositive();
            }
            assertThat(r.toTable()).contains("req/s").contains("p99");
        }
    }
}
