package org.openrouterproxy.cli.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The HTTP side of {@code proxy chat}: posts a chat request to {@code {url}/v1/chat/completions} of a running proxy
 * and reads the answer, JSON or SSE (line by line, each delta handed on as it arrives).
 */
public final class ChatClient implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HEADERS_TIMEOUT = Duration.ofMinutes(10);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final HttpClient http;
    private final ObjectMapper json;
    private final String baseUrl;
    private final URI endpoint;
    private final String key;

    /** A client of the proxy at {@code baseUrl} (e.g. {@code http://127.0.0.1:9998}); {@code key} may be null. */
    public ChatClient(String baseUrl, String key, ObjectMapper json) {
        this.baseUrl = baseUrl;
        this.endpoint = URI.create(baseUrl + "/v1/chat/completions");
        this.key = key;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** The proxy base URL requests go to. */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Sends {@code request} (a chat completion body; {@code "stream":true} selects SSE) and reads the answer.
     * Returns a cancelled {@link Answer} (with the text so far) when {@code cancel} fires.
     */
    public Answer send(ObjectNode request, AnswerListener listener, AnswerCancel cancel) throws ChatFailure {
        boolean stream = request.path("stream").asBoolean(false);
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint)
                .timeout(HEADERS_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .header("User-Agent", "openrouter-proxy-chat")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(request)));
        if (key != null) {
            rb.header("Authorization", "Bearer " + key);
        }
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<InputStream>> pending =
                http.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        cancel.attach(pending);
        HttpResponse<InputStream> response;
        try {
            response = pending.get();
        } catch (CancellationException e) {
            return new Reading(start).answer(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.cancel(true);
            return new Reading(start).answer(true);
        } catch (ExecutionException e) {
            if (cancel.isCancelled()) {
                return new Reading(start).answer(true);
            }
            throw requestFailure(e.getCause());
        }
        try (InputStream body = response.body()) {
            cancel.attach(body);
            Reading reading = new Reading(start);
            if (response.statusCode() / 100 != 2) {
                throw ChatFailures.httpStatus(response.statusCode(), errorBody(body), key != null, json);
            }
            boolean sse = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
            try {
                if (sse) {
                    readStream(body, listener, reading);
                } else {
                    readJson(body, listener, reading);
                }
            } catch (IOException e) {
                if (cancel.isCancelled()) {
                    return reading.answer(true);
                }
                throw ChatFailures.lostMidAnswer(e);
            }
            if (cancel.isCancelled()) {
                return reading.answer(true);
            }
            if (sse && !reading.done) {
                throw ChatFailures.truncated();
            }
            return reading.answer(false);
        } catch (IOException e) {
            throw ChatFailures.lostMidAnswer(e);
        }
    }

    private ChatFailure requestFailure(Throwable cause) {
        if (ChatFailures.isConnectFailure(cause)) {
            return ChatFailures.cannotConnect(baseUrl, cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new ChatFailure(ChatCommand.EXIT_UPSTREAM, "no answer from " + baseUrl + " within "
                    + HEADERS_TIMEOUT.toMinutes() + " minutes", "the proxy or the model is stuck; retry later",
                    String.valueOf(cause), cause);
        }
        return ChatFailures.transport(baseUrl, cause);
    }

    private void readStream(InputStream body, AnswerListener listener, Reading reading)
            throws IOException, ChatFailure {
        SseDataReader events = new SseDataReader(
                new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
        String data;
        while ((data = events.next()) != null) {
            if (data.strip().equals("[DONE]")) {
                reading.done = true;
                return;
            }
            listener.onRawJson(data);
            JsonNode chunk;
            try {
                chunk = json.readTree(data);
            } catch (JsonProcessingException e) {
                continue;
            }
            if (chunk == null || !chunk.isObject()) {
                continue;
            }
            if (chunk.has("error")) {
                throw ChatFailures.midStream(chunk, data);
            }
            reading.note(chunk);
            JsonNode content = chunk.path("choices").path(0).path("delta").path("content");
            if (content.isTextual() && !content.asText().isEmpty()) {
                reading.content(content.asText());
                listener.onContent(content.asText());
            }
        }
    }

    private void readJson(InputStream body, AnswerListener listener, Reading reading)
            throws IOException, ChatFailure {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw ChatFailures.notJson("a body that is not JSON", text);
        }
        if (node == null || !node.isObject()) {
            throw ChatFailures.notJson("JSON that is not a chat completion", text);
        }
        listener.onRawJson(text);
        if (node.has("error")) {
            throw ChatFailures.errorInBody(node, text);
        }
        reading.note(node);
        JsonNode content = node.path("choices").path(0).path("message").path("content");
        if (content.isTextual()) {
            reading.text.append(content.asText());
            listener.onContent(content.asText());
        }
    }

    private static String errorBody(InputStream body) {
        try {
            return new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private byte[] bytes(ObjectNode request) {
        try {
            return json.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a chat request", e);
        }
    }

    /** Stops the HTTP client at once: a request cancelled before its response arrived must not delay the exit. */
    @Override
    public void close() {
        http.shutdownNow();
    }

    /** What has been read of one answer so far. */
    private static final class Reading {
        private final long start;
        private final StringBuilder text = new StringBuilder();
        private String model;
        private TokenUsage usage;
        private long ttft = -1;
        private boolean done;

        Reading(long start) {
            this.start = start;
        }

        void note(JsonNode node) {
            JsonNode m = node.path("model");
            if (m.isTextual() && !m.asText().isEmpty()) {
                model = m.asText();
            }
            TokenUsage u = TokenUsage.from(node.get("usage"));
            if (u != null) {
                usage = u;
            }
        }

        void content(String delta) {
            if (ttft < 0) {
                ttft = System.nanoTime() - start;
            }
            text.append(delta);
        }

        Answer answer(boolean cancelled) {
            return new Answer(text.toString(), model, usage, ttft, System.nanoTime() - start, cancelled);
        }
    }
}
