package org.openrouterproxy.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** A raw-socket keep-alive HTTP/1.1 server for tests, so each test controls the exact response bytes. */
final class TinyHttpServer implements AutoCloseable {
    /** Writes one complete response; returns false to close the connection afterwards. */
    interface Handler {
        boolean respond(OutputStream out, long requestNumber) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final AtomicLong requests = new AtomicLong();

    TinyHttpServer(Handler handler) throws IOException {
        this.handler = handler;
        this.socket = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    long requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                s.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                int length = readHead(in);
                if (length < 0) {
                    return;
                }
                in.readNBytes(length);
                if (!handler.respond(out, requests.incrementAndGet())) {
                    return;
                }
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // client went away or server closing
        }
    }

    /** Reads the request head; returns its Content-Length (0 if none), or -1 at end of stream. */
    private static int readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        int match = 0;
        while ((b = in.read()) >= 0) {
            head.write(b);
            match = (b == '\r' && (match == 0 || match == 2)) || (b == '\n' && (match == 1 || match == 3))
                    ? match + 1 : 0;
            if (match == 4) {
                int length = 0;
                for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                return length;
            }
        }
        return -1;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A 200 response with the body framed by Content-Length. */
    static byte[] fixed(int status, String body) {
        return ascii("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: "
                + ascii(body).length + "\r\n\r\n" + body);
    }

    /** The head of a chunked SSE response. */
    static byte[] sseHead() {
        return ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    /** One chunk of chunked transfer coding. */
    static byte[] chunk(String data) {
        byte[] d = ascii(data);
        return ascii(Integer.toHexString(d.length) + "\r\n" + data + "\r\n");
    }

    static byte[] lastChunk() {
        return ascii("0\r\n\r\n");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
