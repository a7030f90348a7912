package org.openrouterproxy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code redis-server} (the Debian package) on a free loopback port, started by the test itself: no
 * persistence, killed with SIGKILL to simulate an outage and started again on the same port. If redis-server
 * cannot be started the test fails: shared limits are never tested against a mock.
 */
final class RedisProcess implements AutoCloseable {
    private final int port;
    private final Path log;
    private Process process;

    private RedisProcess(int port) throws IOException {
        this.port = port;
        this.log = Files.createTempFile("redis-" + port, ".log");
    }

    static RedisProcess start() throws Exception {
        RedisProcess r = new RedisProcess(freePort());
        r.startAgain();
        return r;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts redis-server (again) on the same port and waits until it answers PING. */
    void startAgain() throws Exception {
        String exe = Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : "redis-server";
        process = new ProcessBuilder(List.of(exe, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "no"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("redis-server exited: " + Files.readString(log));
            }
            if ("+PONG".equals(command("PING"))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("redis-server did not answer PING on port " + port + ": " + Files.readString(log));
    }

    /** SIGKILL: the outage case (no clean shutdown, open connections just break). */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Sends one inline command and returns the first reply line, or null when Redis does not answer. */
    String command(String inline) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\r') {
                sb.append((char) c);
            }
            return sb.toString();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(log);
    }
}
