package org.openrouterproxy.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket upstream that keeps connections open (HTTP/1.1 keep-alive) and counts them, for tests of the
 * proxy's connection pool: {@code GET .../models} answers a model list, a chat request a JSON completion, and a
 * chat request with {@code "stream":true} {@link #STREAM_EVENTS} events {@code eventGap} apart, chunked.
 */
final class KeepAliveUpstream implements AutoCloseable {
    static final int STREAM_EVENTS = 10;

    private final ServerSocket listener;
    private final Duration eventGap;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    KeepAliveUpstream(Duration eventGap) throws IOException {
        this.eventGap = eventGap;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/api/v1";
    }

    /** Connections accepted so far. */
    int connectionCount() {
        return accepted.get();
    }

    /** Connections the client has not closed yet. */
    int openConnections() {
        return open.size();
    }

    /** Waits (at most 10 s) until no connection is open; returns how many still are. */
    int awaitNoOpenConnection() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return open.size();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                accepted.incrementAndGet();
                open.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            String head;
            while ((head = readHead(in)) != null) {
                int length = contentLength(head);
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                if (head.startsWith("GET")) {
                    json(out, "{\"data\":[{\"id\":\"keepalive/model-1\"}]}");
                } else if (body.replace(" ", "").contains("\"stream\":true")) {
                    stream(out);
                } else {
                    json(out, chunk("chat.completion", "\"message\":{\"role\":\"assistant\",\"content\":\"pong\"}"));
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        } finally {
            open.remove(s);
        }
    }

    private void stream(OutputStream out) throws IOException, InterruptedException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < STREAM_EVENTS; i++) {
            Thread.sleep(eventGap);
            chunked(out, "data: " + chunk("chat.completion.chunk", "\"delta\":{\"content\":\"" + i + "\"}") + "\n\n");
        }
        chunked(out, "data: [DONE]\n\n");
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String chunk(String object, String choice) {
        return "{\"id\":\"gen-ka\",\"object\":\"" + object + "\",\"model\":\"openai/gpt-4o\",\"choices\":[{\"index\":0,"
                + choice + "}]}";
    }

    private static void chunked(OutputStream out, String data) throws IOException {
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void json(OutputStream out, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
