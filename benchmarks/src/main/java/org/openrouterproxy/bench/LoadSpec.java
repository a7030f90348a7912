package org.openrouterproxy.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: the target, the request, how many connections for how long, and the mode. A {@code rate} of 0
 * means closed loop (every connection sends its next request as soon as the previous answer is complete); a
 * positive {@code rate} is the wrk2-style constant-rate mode with latency measured from the intended send time.
 *
 * @param url            target URL (http only); path and query are sent as the request target
 * @param method         HTTP method
 * @param body           request body, may be empty
 * @param headers        extra request headers (Host, Content-Length and Connection are written by the generator)
 * @param connections    keep-alive connections
 * @param threads        selector threads
 * @param duration       measured duration
 * @param warmup         longest load before measuring (it ends at steady state), results discarded
 * @param rate           total requests/second, or 0 for closed loop
 * @param stream         parse answers as SSE and measure time to first token and gaps between chunks
 * @param expectedChunks data events each stream must carry (0: the most seen in any complete stream)
 * @param requestTimeout a request (or whole stream) taking longer is an error and its connection is reopened
 * @param progress       print a progress line once a second
 * @param processes      processes (label to pid) whose RSS and CPU are sampled from /proc
 */
public record LoadSpec(URI url, String method, byte[] body, Map<String, String> headers, int connections,
                       int threads, Duration duration, Duration warmup, double rate, boolean stream,
                       int expectedChunks, Duration requestTimeout, boolean progress, Map<String, Long> processes) {

    public LoadSpec {
        Objects.requireNonNull(url, "url");
        if (!"http".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("only http:// URLs are supported: " + url);
        }
        if (connections < 1 || threads < 1) {
            throw new IllegalArgumentException("connections and threads must be >= 1");
        }
        if (duration.isNegative() || duration.isZero() || warmup.isNegative() || rate < 0) {
            throw new IllegalArgumentException("duration must be > 0, warmup >= 0, rate >= 0");
        }
        headers = Map.copyOf(headers);
        processes = Collections.unmodifiableMap(new LinkedHashMap<>(processes));
    }

    /** A builder with defaults: POST, 100 connections, 15 s after a 5 s warm-up, closed loop, 30 s timeout. */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** True in the constant-rate mode. */
    public boolean constantRate() {
        return rate > 0;
    }

    int port() {
        return url.getPort() > 0 ? url.getPort() : 80;
    }

    /** The request bytes, identical for every request. */
    byte[] requestBytes() {
        String target = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            target += "?" + url.getRawQuery();
        }
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(url.getHost()).append(':').append(port()).append("\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (body.length > 0 || !method.equals("GET")) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** Fluent construction of a {@link LoadSpec}. */
    public static final class Builder {
        private final URI url;
        private String method = "POST";
        private byte[] body = new byte[0];
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int connections = 100;
        private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private Duration duration = Duration.ofSeconds(15);
        private Duration warmup = Duration.ofSeconds(5);
        private double rate;
        private boolean stream;
        private int expectedChunks;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private boolean progress;
        private final Map<String, Long> processes = new LinkedHashMap<>();

        private Builder(URI url) {
            this.url = url;
            headers.put("Content-Type", "application/json");
        }

        public Builder method(String m) {
            method = m;
            return this;
        }

        public Builder body(byte[] b) {
            body = b.clone();
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder connections(int c) {
            connections = c;
            return this;
        }

        public Builder threads(int t) {
            threads = t;
            return this;
        }

        public Builder duration(Duration d) {
            duration = d;
            return this;
        }

        public Builder warmup(Duration w) {
            warmup = w;
            return this;
        }

        public Builder rate(double r) {
            rate = r;
            return this;
        }

        public Builder stream(boolean s) {
            stream = s;
            return this;
        }

        public Builder expectedChunks(int n) {
            expectedChunks = n;
            return this;
        }

        public Builder requestTimeout(Duration t) {
            requestTimeout = t;
            return this;
        }

        public Builder progress(boolean p) {
            progress = p;
            return this;
        }

        /** Samples RSS and CPU of this process during the run, shown under {@code label}. */
        public Builder process(String label, long pid) {
            processes.put(label, pid);
            return this;
        }

        public LoadSpec build() {
            return new LoadSpec(url, method, body, headers, connections, Math.min(threads, connections), duration,
                    warmup, rate, stream, expectedChunks, requestTimeout, progress, processes);
        }
    }
}
