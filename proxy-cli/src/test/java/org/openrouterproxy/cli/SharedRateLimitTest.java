package org.openrouterproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, end to end: two {@code proxy serve} processes on loopback with one real redis-server and
 * {@code PROXY_RATE_LIMIT_RPM=10}. 30 requests alternating between them get 10 (+/-1) answers and 429s with
 * {@code Retry-After} for the rest; with Redis killed they are answered on local limits without hanging; with
 * Redis back on the same port the shared limit holds again.
 */
class SharedRateLimitTest {
    private static final String KEY = "e2e-shared-limit-key-0001";
    private static final String OTHER_KEY = "e2e-shared-limit-key-0002";

    @TempDir
    Path dir;
    private RedisProcess redis;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void redis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : children) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        redis.close();
    }

    private int serve(String name) throws Exception {
        ServeChild c = ServeChild.start(dir, name, Map.of("PROXY_API_KEYS", KEY + "," + OTHER_KEY,
                "OPENROUTER_API_KEY", "sk-or-e2e-upstream-0001", "PROXY_RATE_LIMIT_RPM", "10",
                "PROXY_REDIS_URL", redis.url(), "PROXY_ACCESS_LOG", "off"), List.of("-Xmx128m"),
                Duration.ofSeconds(60));
        children.add(c.process());
        return c.port();
    }

    /** One chat request on its own connection, bounded by a 5 s read timeout; returns the response head. */
    private static String chat(int port, String key) throws IOException {
        String body = "{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        String request = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Authorization: Bearer " + key + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
        return exchange(port, request);
    }

    private static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return readResponse(s.getInputStream());
        }
    }

    /** Head and body of one response: by Content-Length, or up to the last chunk, or to the end. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while (sb.indexOf("\r\n\r\n") < 0 && (c = in.read()) >= 0) {
            sb.append((char) c);
        }
        Matcher len = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(sb);
        if (len.find()) {
            sb.append(new String(in.readNBytes(Integer.parseInt(len.group(1))), StandardCharsets.UTF_8));
            return sb.toString();
        }
        boolean chunked = sb.toString().toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked");
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (chunked && sb.toString().endsWith("\r\n0\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }

    private record Tally(int ok, int limited) {
    }

    /** {@code n} requests alternating between the proxies; every 429 must carry Retry-After. */
    private static Tally alternate(int n, String key, int... ports) throws IOException {
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < n; i++) {
            String res = chat(ports[i % ports.length], key);
            if (res.startsWith("HTTP/1.1 200")) {
                ok++;
            } else {
                assertThat(res).startsWith("HTTP/1.1 429").containsPattern("(?i)\r\nretry-after: [1-9]\\d*\r\n")
                        .contains("rate_limit_exceeded");
                limited++;
            }
        }
        return new Tally(ok, limited);
    }

    private static boolean redisShows(int port, String state) {
        try {
            return exchange(port, "GET /health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .contains("\"redis\":\"" + state + "\"");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean eventually(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Test
    void twoReplicasShareTenRequestsPerMinuteAndSurviveARedisOutage() throws Exception {
        int a = serve("a");
        int b = serve("b");

        Tally shared = alternate(30, KEY, a, b);
        assertThat(shared.ok()).isBetween(9, 11);
        assertThat(shared.limited()).isEqualTo(30 - shared.ok());

        redis.kill();
        long t0 = System.nanoTime();
        Tally local = alternate(6, KEY, a, b);
        // each replica's own bucket is fresh: all 6 answered, none hung
        assertThat(local.ok()).isEqualTo(6);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        String ready = exchange(a, "GET /health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(ready).startsWith("HTTP/1.1 200").contains("\"redis\":\"down\"");
        String metrics = exchange(a, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(metrics).containsPattern("proxy_redis_errors_total [1-9]");

        redis.startAgain();
        assertThat(eventually(() -> redisShows(a, "up") && redisShows(b, "up"))).isTrue();
        // the restarted Redis is empty: a fresh shared bucket of 10 for the two replicas together
        Tally resumed = alternate(30, OTHER_KEY, a, b);
        assertThat(resumed.ok()).isBetween(9, 11);

        String logA = Files.readString(dir.resolve("a.log"));
        assertThat(logA.split("redis unreachable", -1)).hasSize(2);
        assertThat(logA).contains("answers again");
    }
}
