package org.openrouterproxy.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import org.openrouterproxy.server.usage.UsageLedger;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The public, unauthenticated endpoints: {@code GET /} (service info), {@code GET /health} (+{@code /live},
 * {@code /ready}) and {@code GET /metrics} (Prometheus text).
 *
 * <pre>{@code curl -s localhost:9998/health}</pre>
 */
final class ServiceInfoHandlers {
    static final String[] ENDPOINTS = {"POST /v1/chat/completions", "GET /v1/models", "GET /v1/models/{id}",
        "POST /v1/embeddings", "POST /v1/responses", "POST /v1/completions", "GET /v1/usage",
        "GET /health", "GET /health/live",
        "GET /health/ready", "GET /metrics", "GET /"};
    private static final JsonFactory JSON = new JsonFactory();

    private final ProxySettings settings;
    private final ProxyMetrics metrics;
    private final Guard guard;
    private final Instant started;
    private final UsageLedger ledger;

    ServiceInfoHandlers(ProxySettings settings, ProxyMetrics metrics, Guard guard, Instant started,
                        UsageLedger ledger) {
        this.settings = settings;
        this.metrics = metrics;
        this.guard = guard;
        this.started = started;
        this.ledger = ledger;
    }

    void info(ServerRequest req, ServerResponse res, Exchange ex) {
        sendJson(res, json(g -> {
            g.writeStringField("name", ServerInfo.NAME);
            g.writeStringField("version", ServerInfo.version());
            g.writeStringField("upstream", settings.displayBaseUrl());
            g.writeStringField("access_mode", settings.accessMode().name().toLowerCase(java.util.Locale.ROOT));
            g.writeArrayFieldStart("endpoints");
            for (String e : ENDPOINTS) {
                g.writeString(e);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("cache_policy");
            g.writeArrayFieldStart("models");
            for (String m : settings.cachePolicy().modelGlobs()) {
                g.writeString(m);
            }
            g.writeEndArray();
            g.writeStringField("strategy", settings.cachePolicy().strategy().configName());
            g.writeStringField("ttl", settings.cachePolicy().ttl());
            g.writeEndObject();
            g.writeNumberField("uptime_seconds", uptimeSeconds());
        }));
    }

    void health(ServerRequest req, ServerResponse res, Exchange ex) {
        sendJson(res, json(g -> {
            g.writeStringField("status", "UP");
            g.writeNumberField("uptime_seconds", uptimeSeconds());
            g.writeNumberField("in_flight", metrics.inFlight());
            redisDetail(g, false);
        }));
    }

    /**
     * {@code "redis":"up"|"down"} when {@code PROXY_REDIS_URL} is set. Readiness pings Redis (bounded, at most once
     * per breaker back-off while it is down) so the detail is current; a Redis outage never makes the proxy unready:
     * it keeps serving on local limits.
     */
    private void redisDetail(JsonGenerator g, boolean check) throws IOException {
        RedisLink redis = guard.redis();
        if (redis != null) {
            g.writeStringField("redis", (check ? redis.check() : redis.up()) ? "up" : "down");
        }
    }

    /** {@code /health/ready}: 503 DOWN once a graceful shutdown began, so load balancers stop sending. */
    void ready(ServerRequest req, ServerResponse res, Exchange ex) {
        if (!guard.inFlight().draining()) {
            sendJson(res, json(g -> {
                g.writeStringField("status", "UP");
                g.writeNumberField("uptime_seconds", uptimeSeconds());
                g.writeNumberField("in_flight", metrics.inFlight());
                redisDetail(g, true);
            }));
            return;
        }
        res.status(503);
        sendJson(res, json(g -> {
            g.writeStringField("status", "DOWN");
            g.writeStringField("reason", "shutting down");
            g.writeNumberField("in_flight", metrics.inFlight());
        }));
    }

    void metrics(ServerRequest req, ServerResponse res, Exchange ex) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        StringBuilder sb = new StringBuilder(metrics.render());
        guard.render(sb);
        if (ledger != null) {
            ledger.render(sb);
        }
        res.send(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private long uptimeSeconds() {
        return Duration.between(started, Instant.now()).toSeconds();
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(Fields fields) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256); JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sendJson(ServerResponse res, byte[] body) {
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(body);
    }
}
