package org.openrouterproxy.bench.micro;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openrouterproxy.bench.ChatBodies;
import org.openrouterproxy.server.CoarseTimer;
import org.openrouterproxy.server.UpstreamConnections;
import org.openrouterproxy.server.UpstreamDeadline;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientConfig;

/**
 * One upstream call as the transport makes it (POST of the generated 3 KB chat, read the ~670-byte JSON answer,
 * release the connection), against a raw keep-alive server in this JVM that answers from a prepared buffer.
 * {@code helidon-cache}: before, Helidon's connection cache and a socket read timeout (its idle monitor thread per
 * returned connection, a timed park per read). {@code proxy-pool}: after, {@link UpstreamConnections} and an
 * {@link UpstreamDeadline} on a {@link CoarseTimer}. The time includes the loopback round trip and the server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms256m", "-Xmx512m", "-Xmn160m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class UpstreamCallBenchmark {
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    @Param({"helidon-cache", "proxy-pool"})
    public String upstream;

    private ServerSocket server;
    private Http1Client client;
    private UpstreamConnections pool;
    private CoarseTimer timer;
    private URI uri;
    private byte[] body;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(this::accept);
        uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/v1/chat/completions");
        body = ChatBodies.chat("anthropic/claude-sonnet-4.5", 3000, false);
        Http1ClientConfig config = Http1Client.builder()
                .socketOptions(so -> so.tcpNoDelay(true).readTimeout(READ_TIMEOUT))
                .readTimeout(READ_TIMEOUT).shareConnectionCache(false).keepAlive(true).writeBufferSize(0)
                .buildPrototype();
        client = Http1Client.create(config);
        pool = new UpstreamConnections(config, uri, 8);
        timer = new CoarseTimer("bench-deadlines", Duration.ofMillis(25));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        pool.close();
        timer.close();
        server.close();
    }

    @Benchmark
    public int call() throws IOException {
        if (upstream.equals("proxy-pool")) {
            TcpClientConnection c = pool.borrow();
            UpstreamDeadline deadline = UpstreamDeadline.whole(timer, READ_TIMEOUT, c);
            try (HttpClientResponse r = client.post().uri(uri).connection(c).readTimeout(Duration.ZERO).submit(body)) {
                return readAll(deadline.guard(r.inputStream()));
            } finally {
                deadline.finish();
            }
        }
        try (HttpClientResponse r = client.post().uri(uri).readTimeout(READ_TIMEOUT).submit(body)) {
            return readAll(r.inputStream());
        }
    }

    private static int readAll(InputStream in) throws IOException {
        byte[] buf = new byte[1024];
        int total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
        }
        return total;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Reads each request head and its Content-Length body, answers the same JSON; until the client closes. */
    private static void serve(Socket s) {
        byte[] answer = answer();
        byte[] buf = new byte[16 * 1024];
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int have = 0;
            while (true) {
                int end;
                while ((end = headEnd(buf, have)) < 0) {
                    int n = in.read(buf, have, buf.length - have);
                    if (n < 0) {
                        return;
                    }
                    have += n;
                }
                int need = end + contentLength(buf, end);
                while (have < need) {
                    int n = in.read(buf, have, buf.length - have);
                    if (n < 0) {
                        return;
                    }
                    have += n;
                }
                System.arraycopy(buf, need, buf, 0, have - need);
                have -= need;
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // the client closed
        }
    }

    private static byte[] answer() {
        String json = "{\"id\":\"gen-bench\",\"object\":\"chat.completion\",\"model\":\"anthropic/claude-sonnet-4.5\","
                + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + "x".repeat(300) + "\"}}],\"usage\":{\"prompt_tokens\":812,"
                + "\"completion_tokens\":17,\"total_tokens\":829}}";
        return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n"
                + json).getBytes(StandardCharsets.US_ASCII);
    }

    private static int headEnd(byte[] b, int len) {
        for (int i = 3; i < len; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int contentLength(byte[] b, int headLen) {
        String head = new String(b, 0, headLen, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        int i = head.indexOf("content-length:");
        if (i < 0) {
            return 0;
        }
        int eol = head.indexOf('\r', i);
        return Integer.parseInt(head.substring(i + 15, eol).trim());
    }
}
