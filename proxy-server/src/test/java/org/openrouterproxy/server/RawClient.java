package org.openrouterproxy.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A bare HTTP/1.1 client over a socket, for requests a well-behaved client library will not send. */
final class RawClient implements AutoCloseable {
    final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final StringBuilder seen = new StringBuilder();

    RawClient(int port) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        this.socket.setSoTimeout(15_000);
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** The head of a POST with a JSON body of {@code length} bytes (body not included). */
    static String postHead(String path, String key, long length, String extraHeaders) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                + "Content-Length: " + length + "\r\n" + extraHeaders + "\r\n";
    }

    /** A whole POST request with its body. */
    static String post(String path, String key, String body) {
        return postHead(path, key, body.getBytes(StandardCharsets.UTF_8).length, "") + body;
    }

    RawClient send(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Reads until {@code marker} was seen (or end of stream); returns everything read so far. */
    String readUntil(String marker) throws IOException {
        byte[] buf = new byte[8192];
        while (seen.indexOf(marker) < 0) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    /** Reads one response with a Content-Length body (or until the connection closes); returns it, or "" if none. */
    String readResponse() throws IOException {
        String head = readUntil("\r\n\r\n");
        int end = head.indexOf("\r\n\r\n");
        if (end < 0) {
            return head;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int length = m.find() && m.start() < end ? Integer.parseInt(m.group(1)) : 0;
        byte[] buf = new byte[8192];
        while (seen.toString().getBytes(StandardCharsets.UTF_8).length < end + 4 + length) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    /** Reads until the server closes the connection; returns everything read. */
    String readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(seen.toString().getBytes(StandardCharsets.UTF_8));
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            // reset by peer counts as closed
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    /** True when the server closed the connection (read returns end of stream or fails) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            byte[] buf = new byte[4096];
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return true;
                }
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    String seen() {
        return seen.toString();
    }

    /** The JSON body of a complete response with Content-Length read by {@link #readToEnd} or readUntil. */
    static String body(String response) {
        int i = response.indexOf("\r\n\r\n");
        return i < 0 ? "" : response.substring(i + 4);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
