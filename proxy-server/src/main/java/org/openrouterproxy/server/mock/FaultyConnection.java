package org.openrouterproxy.server.mock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Serves one request on one accepted socket of {@link FaultyUpstream}, misbehaving as its {@link Fault} says. */
final class FaultyConnection {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_HEAD = 64 * 1024;
    private static final int DRIP_BYTES = 7;
    private static final long DRIP_PAUSE_MS = 2;

    private final FaultyUpstream upstream;
    private final Socket socket;
    private InputStream in;
    private OutputStream out;
    private String path = "/";

    FaultyConnection(FaultyUpstream upstream, Socket socket) {
        this.upstream = upstream;
        this.socket = socket;
    }

    void serve() {
        try (socket) {
            socket.setTcpNoDelay(true);
            Fault scripted = upstream.nextScripted();
            if (scripted != null && scripted.kind() == Fault.Kind.CLOSE_ON_ACCEPT) {
                return;
            }
            in = socket.getInputStream();
            out = socket.getOutputStream();
            byte[] body = readRequest();
            if (body == null) {
                return;
            }
            int n = upstream.requestRead(body);
            Request req = Request.of(body, n, path.endsWith("/models"));
            Fault f = scripted != null ? scripted : Fault.forModel(req.model);
            act(f == null ? Fault.ok() : f, req);
        } catch (IOException | RuntimeException e) {
            // the peer went away or the upstream is closing: nothing to tell anyone
        }
    }

    private void act(Fault f, Request req) throws IOException {
        boolean stalls = f.kind() == Fault.Kind.STALL_BEFORE_HEADERS || f.kind() == Fault.Kind.STALL_MID_STREAM
                || f.kind() == Fault.Kind.OK_THEN_IDLE_CLOSE;
        if (!stalls && !f.delay().isZero() && !waitWhilePeerStays(f.delay())) {
            return;
        }
        FaultyReplies replies = new FaultyReplies(req.model, req.number);
        switch (f.kind()) {
            case OK -> write(req.models ? FaultyReplies.modelsResponse()
                    : req.stream ? replies.streamResponse(true) : replies.jsonResponse());
            case OK_THEN_IDLE_CLOSE -> {
                byte[] r = replies.jsonResponse();
                String keepAlive = new String(r, StandardCharsets.ISO_8859_1).replace("Connection: close\r\n", "");
                write(keepAlive.getBytes(StandardCharsets.ISO_8859_1));
                waitWhilePeerStays(f.delay());
            }
            case CLOSE_ON_ACCEPT, CLOSE_AFTER_REQUEST -> {
                // close (FIN) without a response
            }
            case RESET_BEFORE_HEADERS -> reset();
            case RESET_AFTER_HEADERS -> {
                write(req.stream ? FaultyReplies.streamHead() : replies.jsonHead());
                reset();
            }
            case RESET_MID_STREAM -> {
                write(partial(req, replies));
                reset();
            }
            case STALL_BEFORE_HEADERS -> waitWhilePeerStays(f.delay());
            case STALL_MID_STREAM -> {
                write(partial(req, replies));
                waitWhilePeerStays(f.delay());
            }
            case TRUNCATED_BODY -> {
                byte[] full = replies.jsonResponse();
                write(Arrays.copyOf(full, full.length - 40));
            }
            case TRUNCATED_STREAM -> {
                byte[] head = FaultyReplies.streamHead();
                write(head);
                write(FaultyReplies.chunk(replies.firstEvents()));
                write(FaultyReplies.chunk("data: {\"id\":\"gen-cut\",\"choices\":[{\"delta\":{\"content\":\"cu"
                        .getBytes(StandardCharsets.UTF_8)));
            }
            case MISSING_DONE -> write(replies.streamResponse(false));
            case SLOW_DRIP -> drip(req.stream ? replies.streamResponse(true) : replies.jsonResponse());
            case ERROR_PAGE -> write(FaultyReplies.htmlResponse(f.status(), f.retryAfter()));
            case WRONG_CONTENT_TYPE -> write(FaultyReplies.htmlResponse(200, null));
            case NON_JSON_200 -> write(FaultyReplies.response(200, "application/json", null,
                    "upstream says: all good, but not in JSON".getBytes(StandardCharsets.UTF_8)));
            case GARBAGE -> write(garbage());
            case HUGE_SSE_EVENT -> hugeEvent();
            case STATUS -> write(FaultyReplies.errorResponse(f.status(), f.retryAfter()));
        }
    }

    private byte[] partial(Request req, FaultyReplies replies) {
        if (req.stream) {
            return concat(FaultyReplies.streamHead(), FaultyReplies.chunk(replies.firstEvents()));
        }
        byte[] full = replies.jsonResponse();
        return Arrays.copyOf(full, full.length - replies.jsonBodyLength() / 2);
    }

    private void hugeEvent() throws IOException {
        write(FaultyReplies.streamHead());
        write(FaultyReplies.chunk("data: {\"big\":\"".getBytes(StandardCharsets.US_ASCII)));
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'a');
        byte[] chunk = FaultyReplies.chunk(block);
        for (int sent = 0; sent < Fault.HUGE_EVENT_BYTES; sent += block.length) {
            write(chunk);
        }
        write(FaultyReplies.chunk("\"}\n\n".getBytes(StandardCharsets.US_ASCII)));
        write(FaultyReplies.chunk(FaultyReplies.DONE));
        write(FaultyReplies.END);
    }

    /** Waits up to {@code d}; false when the peer closed its side first (or the upstream is closing). */
    private boolean waitWhilePeerStays(Duration d) throws IOException {
        long deadline = System.nanoTime() + d.toNanos();
        byte[] sink = new byte[512];
        while (!upstream.isClosed()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(left / 1_000_000, 500)));
            try {
                if (in.read(sink) < 0) {
                    return false;
                }
            } catch (SocketTimeoutException e) {
                // still there: keep waiting
            }
        }
        return false;
    }

    private void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private void drip(byte[] bytes) throws IOException {
        for (int i = 0; i < bytes.length; i += DRIP_BYTES) {
            out.write(bytes, i, Math.min(DRIP_BYTES, bytes.length - i));
            out.flush();
            try {
                Thread.sleep(DRIP_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static byte[] garbage() {
        byte[] b = new byte[512];
        new Random(42).nextBytes(b);
        b[0] = (byte) 0xFF;
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Reads the request head and body (Content-Length or chunked); null when the peer closed first. */
    private byte[] readRequest() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0 || head.size() > MAX_HEAD) {
                return null;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : (b == '\r' ? 1 : 0);
        }
        String raw = head.toString(StandardCharsets.ISO_8859_1);
        String[] requestLine = raw.substring(0, Math.max(0, raw.indexOf('\r'))).split(" ");
        path = requestLine.length > 1 ? requestLine[1] : "/";
        String text = raw.toLowerCase(Locale.ROOT);
        long length = 0;
        boolean chunked = false;
        for (String line : text.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            } else if (line.startsWith("transfer-encoding:") && line.contains("chunked")) {
                chunked = true;
            }
        }
        return chunked ? readChunked() : in.readNBytes((int) length);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine();
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    /** What the fake needs from a request body: the model and whether a stream was asked for. */
    private record Request(String model, boolean stream, int number, boolean models) {
        static Request of(byte[] body, int number, boolean models) {
            try {
                JsonNode n = JSON.readTree(body);
                return new Request(n.path("model").asText("mock/model"), n.path("stream").asBoolean(false), number,
                        models);
            } catch (IOException | RuntimeException e) {
                return new Request("mock/model", false, number, models);
            }
        }
    }
}
