package org.openrouterproxy.server.mock;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The raw HTTP/1.1 bytes {@link FaultyUpstream} writes: whole responses, heads, chunks, in OpenRouter's shapes.
 * The answer text is {@code "Faulty reply #<n>"}, n being the request's number, so tests see which attempt answered.
 */
final class FaultyReplies {
    static final byte[] END = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final String PROCESSING = ": OPENROUTER PROCESSING\n\n";

    private final String model;
    private final int number;
    private final String id;

    FaultyReplies(String model, int number) {
        this.model = model;
        this.number = number;
        this.id = "gen-faulty-" + number;
    }

    /** The answer text of request {@code n}. */
    static String answer(int n) {
        return "Faulty reply #" + n;
    }

    byte[] jsonBody() {
        return ascii("{\"id\":\"" + id + "\",\"provider\":\"Faulty\",\"model\":" + quote(model)
                + ",\"object\":\"chat.completion\",\"created\":1700000000,\"choices\":[{\"index\":0,"
                + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":" + quote(answer(number))
                + "}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":4,\"total_tokens\":9}}");
    }

    int jsonBodyLength() {
        return jsonBody().length;
    }

    byte[] jsonHead() {
        return head(200, "application/json", null, "Content-Length: " + jsonBodyLength() + "\r\n");
    }

    byte[] jsonResponse() {
        return concat(jsonHead(), jsonBody());
    }

    /** The comment and the first content chunks of a stream (the part every partial stream sends). */
    byte[] firstEvents() {
        return ascii(PROCESSING + chunkEvent("Faulty ") + chunkEvent("reply "));
    }

    /** A whole chunked event stream: comment, three content chunks, the usage chunk, and {@code [DONE]} if asked. */
    byte[] streamResponse(boolean withDone) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(streamHead());
        b.writeBytes(chunk(firstEvents()));
        b.writeBytes(chunk(ascii(chunkEvent("#" + number))));
        b.writeBytes(chunk(ascii("data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"model\":"
                + quote(model) + ",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":4,"
                + "\"total_tokens\":9}}\n\n")));
        if (withDone) {
            b.writeBytes(chunk(DONE));
        }
        b.writeBytes(END);
        return b.toByteArray();
    }

    private String chunkEvent(String piece) {
        return "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"model\":" + quote(model)
                + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":" + quote(piece)
                + "},\"finish_reason\":null}]}\n\n";
    }

    static byte[] streamHead() {
        return head(200, "text/event-stream", null, "Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\n");
    }

    /** A one-model list in OpenRouter's {@code GET /models} shape. */
    static byte[] modelsResponse() {
        return response(200, "application/json", null, ascii("{\"data\":[{\"id\":\"faulty/model-1\","
                + "\"name\":\"Faulty model\",\"created\":1700000000,\"context_length\":8192}]}"));
    }

    /** An OpenRouter-style JSON error: {@code {"error":{"code":status,"message":...}}}. */
    static byte[] errorResponse(int status, String retryAfter) {
        byte[] body = ascii("{\"error\":{\"code\":" + status + ",\"message\":\"faulty upstream says " + status
                + "\",\"metadata\":{}}}");
        return response(status, "application/json", retryAfter, body);
    }

    /** An HTML page such as a load balancer in front of the API sends. */
    static byte[] htmlResponse(int status, String retryAfter) {
        byte[] body = ascii("<html>\r\n<head><title>" + status + " Bad Gateway</title></head>\r\n<body>\r\n"
                + "<center><h1>" + status + " Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                + "</body>\r\n</html>\r\n");
        return response(status, "text/html", retryAfter, body);
    }

    static byte[] response(int status, String contentType, String retryAfter, byte[] body) {
        return concat(head(status, contentType, retryAfter, "Content-Length: " + body.length + "\r\n"), body);
    }

    static byte[] head(int status, String contentType, String retryAfter, String framing) {
        return ascii("HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + contentType + "\r\n"
                + "X-Generation-Id: gen-faulty\r\n" + (retryAfter == null ? "" : "Retry-After: " + retryAfter + "\r\n")
                + framing + "Connection: close\r\n\r\n");
    }

    /** One HTTP/1.1 chunk carrying {@code data}. */
    static byte[] chunk(byte[] data) {
        return concat(ascii(Integer.toHexString(data.length) + "\r\n"), concat(data, ascii("\r\n")));
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 429 -> "Too Many Requests";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
