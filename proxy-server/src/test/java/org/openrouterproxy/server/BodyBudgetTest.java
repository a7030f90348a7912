package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;
import static org.openrouterproxy.server.ProxyFixture.json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.openrouterproxy.server.mock.MockOptions;

/**
 * PROXY_MAX_BUFFERED_BYTES bounds the body bytes held in memory: past it, requests get 503 JSON with Retry-After
 * at once (never a 500, never a hang), bodies that could never fit get 413, and every reservation is given back
 * after successes, upstream errors and clients that vanish mid-upload.
 */
class BodyBudgetTest {
    private static final long BUDGET = 8L * 1024 * 1024;
    private static final int MIB = 1024 * 1024;
    private static ProxyFixture f;

    @BeforeAll
    static void start() {
        f = new ProxyFixture(MockOptions.defaults(), b -> b.upstreamKey(UPSTREAM_KEY).clientKeys(List.of(CLIENT_KEY))
                .maxBufferedBytes(BUDGET));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @AfterEach
    void everyReservationIsGivenBack() throws Exception {
        assertThat(Eventually.holds(() -> budget().reserved() == 0, Duration.ofSeconds(10)))
                .as("reserved bytes after the test: %d", budget().reserved()).isTrue();
        assertThat(Eventually.holds(() -> metrics().contains("proxy_buffered_bytes 0\n"), Duration.ofSeconds(10)))
                .as("/metrics after the test: %s", metrics()).isTrue();
        assertThat(budget().reserved()).isZero();
    }

    private static String metrics() {
        try {
            return f.get("/metrics", null).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BodyBudget budget() {
        return f.proxy.components().guard().budget();
    }

    /** A chat body of about {@code size} bytes, generated here. */
    private static String bigChat(String model, boolean stream, int size) {
        return chat(model, "x".repeat(size), stream);
    }

    private static int length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void requestsPastTheBudgetGet503WhileTwoBigStreamsHoldIt() throws Exception {
        String held = bigChat("mock/slow", true, 3 * MIB / 2);
        try (RawClient s1 = new RawClient(f.proxy.port()); RawClient s2 = new RawClient(f.proxy.port())) {
            for (RawClient s : List.of(s1, s2)) {
                s.send(RawClient.post("/v1/chat/completions", CLIENT_KEY, held));
                assertThat(s.readUntil("chat.completion.chunk")).startsWith("HTTP/1.1 200");
            }
            // a chat body counts twice (as read and as rewritten); streamed answers are not buffered
            assertThat(budget().reserved()).isEqualTo(2L * 2 * length(held));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<HttpResponse<String>>> big = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    boolean stream = i % 2 == 0;
                    big.add(pool.submit(() -> f.post("/v1/chat/completions",
                            bigChat("openai/gpt-4o", stream, 3 * MIB / 2), CLIENT_KEY)));
                }
                for (Future<HttpResponse<String>> r : big) {
                    assertOverloaded(r.get(30, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            HttpResponse<String> small = f.post("/v1/chat/completions", chat("openai/gpt-4o", "hi", false), CLIENT_KEY);
            assertThat(small.statusCode()).isEqualTo(200);
            assertThat(ProxyFixture.answer(small.body())).isNotEmpty();
        }
        assertThat(f.get("/metrics", null).body()).containsPattern("proxy_rejected_total\\{reason=\"memory\"} [4-9]");
    }

    private static void assertOverloaded(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode err = json(r.body()).get("error");
        assertThat(err.get("code").asText()).isEqualTo("overloaded");
        assertThat(err.get("type").asText()).isEqualTo("server_error");
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void bigRequestsUnderTheBudgetSucceedOneAfterAnother(boolean stream) throws Exception {
        for (int i = 0; i < 3; i++) {
            String body = bigChat("openai/gpt-4o", stream, 3 * MIB / 2);
            HttpResponse<String> r = f.post("/v1/chat/completions", body, CLIENT_KEY);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(ProxyFixture.answer(r.body())).endsWith("xxxxxxxx");
        }
        HttpResponse<String> embed = f.post("/v1/embeddings", "{\"model\":\"mock/embed\",\"input\":\""
                + "y".repeat(3 * MIB) + "\"}", CLIENT_KEY);
        assertThat(embed.statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void upstreamErrorsGiveTheReservationBack(boolean stream) throws Exception {
        HttpResponse<String> r = f.post("/v1/chat/completions", bigChat("mock/error-400", stream, MIB), CLIENT_KEY);
        assertThat(r.statusCode()).isEqualTo(400);
        HttpResponse<String> r2 = f.post("/v1/chat/completions", bigChat("mock/error-500", stream, MIB), CLIENT_KEY);
        assertThat(r2.statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(json(r2.body()).get("error")).isNotNull();
    }

    @Test
    void aClientThatVanishesMidUploadGivesItsReservationBack() throws Exception {
        byte[] part = "x".repeat(MIB).getBytes(StandardCharsets.US_ASCII);
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send(RawClient.postHead("/v1/chat/completions", CLIENT_KEY, 3L * MIB, "")
                    + "{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"");
            c.socket.getOutputStream().write(part);
            c.socket.getOutputStream().flush();
            assertThat(Eventually.holds(() -> budget().reserved() == 2L * 3 * MIB, Duration.ofSeconds(10))).isTrue();
        }
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send(chunkedHead("/v1/chat/completions"));
            writeChunk(c.socket.getOutputStream(), "{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\","
                    .getBytes(StandardCharsets.US_ASCII));
            writeChunk(c.socket.getOutputStream(), part);
            assertThat(Eventually.holds(() -> budget().reserved() >= 2L * MIB, Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aChunkedBodyIsMeteredAndOneOverTheWholeBudgetIsRefused() throws Exception {
        String ok = bigChat("openai/gpt-4o", false, MIB);
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send(chunkedHead("/v1/chat/completions"));
            writeChunk(c.socket.getOutputStream(), ok.getBytes(StandardCharsets.UTF_8));
            writeChunk(c.socket.getOutputStream(), new byte[0]);
            String resp = c.readResponse();
            assertThat(resp).startsWith("HTTP/1.1 200");
        }
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send(chunkedHead("/v1/chat/completions"));
            uploadQuietly(c.socket.getOutputStream(), bigChat("openai/gpt-4o", false, 5 * MIB));
            String resp = c.readResponse();
            assertThat(resp).startsWith("HTTP/1.1 413");
            JsonNode err = json(RawClient.body(resp)).get("error");
            assertThat(err.get("code").asText()).isEqualTo("request_too_large");
            assertThat(err.get("message").asText()).contains(SettingKeys.MAX_BUFFERED_BYTES);
        }
    }

    @Test
    void aChunkedBodyPastTheFreeRoomGets503() throws Exception {
        String held = bigChat("mock/slow", true, 3 * MIB / 2);
        try (RawClient s1 = new RawClient(f.proxy.port()); RawClient s2 = new RawClient(f.proxy.port())) {
            for (RawClient s : List.of(s1, s2)) {
                s.send(RawClient.post("/v1/chat/completions", CLIENT_KEY, held));
                assertThat(s.readUntil("chat.completion.chunk")).startsWith("HTTP/1.1 200");
            }
            try (RawClient c = new RawClient(f.proxy.port())) {
                c.send(chunkedHead("/v1/chat/completions"));
                uploadQuietly(c.socket.getOutputStream(), bigChat("openai/gpt-4o", false, 3 * MIB / 2));
                String resp = c.readResponse();
                assertThat(resp).startsWith("HTTP/1.1 503");
                assertThat(resp).containsIgnoringCase("Retry-After: 1");
                assertThat(json(RawClient.body(resp)).at("/error/code").asText()).isEqualTo("overloaded");
            }
        }
    }

    @Test
    void aDeclaredBodyThatCouldNeverFitGets413AtOnce() throws Exception {
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send(RawClient.postHead("/v1/chat/completions", CLIENT_KEY, 5L * MIB, ""));
            String resp = c.readResponse();
            assertThat(resp).startsWith("HTTP/1.1 413");
            JsonNode err = json(RawClient.body(resp)).get("error");
            assertThat(err.get("code").asText()).isEqualTo("request_too_large");
            assertThat(err.get("message").asText()).contains(SettingKeys.MAX_BUFFERED_BYTES);
        }
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send(RawClient.postHead("/v1/chat/completions", CLIENT_KEY, 40L * MIB, ""));
            String resp = c.readResponse();
            assertThat(resp).startsWith("HTTP/1.1 413");
            assertThat(json(RawClient.body(resp)).get("error").get("message").asText()).contains("limit");
        }
    }

    private static String chunkedHead(String path) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + CLIENT_KEY + "\r\nTransfer-Encoding: chunked\r\n\r\n";
    }

    private static void writeChunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Sends {@code body} in 64 KiB chunks; stops quietly once the proxy has answered and closed. */
    private static void uploadQuietly(OutputStream out, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        try {
            for (int off = 0; off < b.length; off += 64 * 1024) {
                writeChunk(out, java.util.Arrays.copyOfRange(b, off, Math.min(b.length, off + 64 * 1024)));
            }
            writeChunk(out, new byte[0]);
        } catch (IOException e) {
            // the proxy answered and closed before the whole body was sent: expected
        }
    }
}
