package org.openrouterproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.openrouterproxy.server.usage.UsageDb;
import org.openrouterproxy.server.usage.UsageQuery;
import org.openrouterproxy.server.usage.UsageReport;
import org.openrouterproxy.server.usage.UsageStore;

/**
 * {@code proxy serve --mock-upstream} in a child JVM, stopped with SIGTERM ({@link Process#destroy()}): readiness
 * goes DOWN, new requests get 503, a running stream finishes inside the grace period (or, past it, ends with an
 * error event), and the process exits with code 0.
 */
class ServeSigtermTest {
    @TempDir
    Path dir;
    private Process child;

    @AfterEach
    void kill() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }

    private int start(String grace) throws Exception {
        ServeChild c = ServeChild.start(dir, "serve", Map.of("PROXY_SHUTDOWN_GRACE", grace, "PROXY_ACCESS_LOG", "json"),
                List.of(), Duration.ofSeconds(30));
        child = c.process();
        return c.port();
    }

    private static String chat(String model, boolean stream) {
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
    }

    /** Sends {@code request} on a new connection and returns everything until {@code marker} or the end. */
    private static String exchange(int port, String request, String marker) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return readUntil(s.getInputStream(), new StringBuilder(), marker);
        }
    }

    private static String readUntil(InputStream in, StringBuilder seen, String marker) throws IOException {
        byte[] buf = new byte[8192];
        while (seen.indexOf(marker) < 0) {
            int n;
            try {
                n = in.read(buf);
            } catch (IOException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    @Test
    void sigtermDrainsARunningRequestAndExitsZero() throws Exception {
        int port = start("20s");
        try (Socket stream = new Socket("127.0.0.1", port)) {
            stream.setSoTimeout(15_000);
            OutputStream out = stream.getOutputStream();
            // upstream waits 1.5 s before answering: the request is running when SIGTERM arrives
            out.write(chat("mock/sleep-1500", true).getBytes(StandardCharsets.UTF_8));
            out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "proxy_admitted_in_flight")
                    .contains("proxy_admitted_in_flight 1") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            child.destroy(); // SIGTERM
            String ready = "";
            for (int i = 0; i < 100 && !ready.startsWith("HTTP/1.1 503"); i++) {
                ready = exchange(port, "GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n", "}");
                Thread.sleep(10);
            }
            assertThat(ready).startsWith("HTTP/1.1 503").contains("DOWN");
            assertThat(exchange(port, chat("openai/gpt-4o", false), "}}")).startsWith("HTTP/1.1 503")
                    .contains("shutting_down");
            String answer = readUntil(stream.getInputStream(), new StringBuilder(), "data: [DONE]");
            assertThat(answer).startsWith("HTTP/1.1 200").contains("data: [DONE]");
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("serve.log"))).contains("draining").contains("stopped")
                .containsPattern("(?m)^\\{\"time\":\"[^\"]+\",\"id\":\"req-[0-9a-f]+\",\"key\":\"anon\"");
        assertThat(ledgerRequests()).as("the drained stream reached the usage ledger before exit").isEqualTo(1);
    }

    /** Requests in the child's usage ledger file, read after it exited. */
    private long ledgerRequests() {
        UsageReport r = UsageStore.report(UsageDb.sqlite(dir.resolve("serve.db")),
                UsageQuery.parse("2020-01-01", "2099-12-31", "key", Instant.now()));
        return r.totals().requests();
    }

    @Test
    void killMinusNineKeepsTheUsageRecordsAlreadyWritten() throws Exception {
        int port = start("1s");
        for (int i = 0; i < 5; i++) {
            assertThat(exchange(port, chat("openai/gpt-4o", false), "}}")).startsWith("HTTP/1.1 200");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "proxy_usage_write_errors_total")
                .contains("proxy_usage_records_total 5\n") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no drain, no checkpoint
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ledgerRequests()).isEqualTo(5);
    }

    @Test
    void streamStillRunningAfterTheGraceEndsWithAnErrorEventAndExitIsZero() throws Exception {
        int port = start("500ms");
        try (Socket stream = new Socket("127.0.0.1", port)) {
            stream.setSoTimeout(15_000);
            stream.getOutputStream().write(chat("mock/slow", true).getBytes(StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            assertThat(readUntil(stream.getInputStream(), seen, "chat.completion.chunk")).startsWith("HTTP/1.1 200");
            child.destroy();
            String all = readUntil(stream.getInputStream(), seen, "\"error\"");
            assertThat(all).contains("\"error\"").doesNotContain("[DONE]");
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
    }
}
