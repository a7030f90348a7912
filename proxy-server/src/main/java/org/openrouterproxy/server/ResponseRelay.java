package org.openrouterproxy.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openrouterproxy.core.ErrorBodies;
import org.openrouterproxy.core.ProxyError;
import org.openrouterproxy.core.SseEvent;
import org.openrouterproxy.core.SseEventReader;
import org.openrouterproxy.core.UsageReader;

import io.helidon.http.ClientResponseHeaders;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.ServerResponse;

/**
 * Writes an upstream response to the client. JSON (and every error status): read whole within the response
 * deadline, checked (a 2xx must be complete JSON, an error must be JSON, else a clear 502/status error with a hint),
 * sent with its Content-Length. Event streams: the first event is read before anything is committed (so a stream
 * broken at once is a JSON error), then relayed event by event with a flush after each. Once the stream has started
 * (or a keep-alive committed it), failures become one error event and the stream ends cleanly. A failed client
 * write means the client left: the relay returns at once so the caller closes the upstream response.
 */
final class ResponseRelay {
    static final HeaderName GENERATION_ID = HeaderNames.create("X-Generation-Id");
    static final HeaderName ACCEL_BUFFERING = HeaderNames.create("X-Accel-Buffering");
    static final int MAX_UPSTREAM_BODY = 64 * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(ResponseRelay.class.getName());
    private static final UsageReader.Scan NOT_JSON = new UsageReader.Scan(false, null);

    /**
     * How to relay one response.
     *
     * @param tapUsage      read token usage for metrics (chat)
     * @param expectDone    an event stream must end with {@code [DONE]} (chat, completions)
     * @param session       the keep-alive watch of a stream request ({@link StreamKeepAlive#none()} otherwise)
     * @param deadlineNanos {@link System#nanoTime()} by which a non-stream body must have arrived
     */
    record Plan(boolean tapUsage, boolean expectDone, StreamKeepAlive.Session session, long deadlineNanos) {
        static Plan simple(boolean tapUsage) {
            return new Plan(tapUsage, false, StreamKeepAlive.none(), Long.MAX_VALUE);
        }
    }

    private final UsageTap usageTap;
    private final ProxyMetrics metrics;
    private final int maxEventBytes;

    ResponseRelay(UsageTap usageTap, ProxyMetrics metrics, int maxEventBytes) {
        this.usageTap = usageTap;
        this.metrics = metrics;
        this.maxEventBytes = maxEventBytes;
    }

    /** Relays {@code up} to {@code res}; {@code tapUsage} reads token usage for metrics (chat only). */
    void relay(HttpClientResponse up, ServerResponse res, Exchange ex, boolean tapUsage) {
        relay(up, res, ex, Plan.simple(tapUsage));
    }

    /** Relays {@code up} to {@code res} as {@code plan} says. */
    void relay(HttpClientResponse up, ServerResponse res, Exchange ex, Plan plan) {
        int status = up.status().code();
        String contentType = up.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
        boolean success = status >= 200 && status < 300;
        if (success && isEventStream(contentType)) {
            relayEvents(up, res, ex, plan);
            return;
        }
        boolean committed = plan.session().stop();
        try {
            byte[] body = readBody(up, plan.deadlineNanos(), ex.budget);
            if (committed) {
                throw success ? new ProxyError(502, "upstream_error", "bad_upstream_response",
                        "upstream answered a stream request with " + contentType + " instead of an event stream")
                        : UpstreamErrors.fromStatus(status, contentType, body);
            }
            // one parse checks the JSON and reads the usage; a compressed body is passed on unchecked
            UsageReader.Scan scan = isEncoded(up.headers()) ? null
                    : UpstreamErrors.isJsonType(contentType) ? UsageReader.scan(body) : NOT_JSON;
            if (scan != null && !scan.complete()) {
                throw success ? UpstreamErrors.badSuccess(status, contentType, body)
                        : UpstreamErrors.badError(status, contentType, body);
            }
            if (plan.tapUsage() && success && scan != null) {
                usageTap.found(scan.usage(), ex);
            }
            res.status(status);
            copyHeaders(up.headers(), res);
            send(res, body);
        } catch (ProxyError e) {
            metrics.upstreamFault(e.code());
            if (!committed) {
                throw e;
            }
            plan.session().failWith(e);
        }
    }

    private void relayEvents(HttpClientResponse up, ServerResponse res, Exchange ex, Plan plan) {
        SseCopier copier = new SseCopier(new SseEventReader(up.inputStream(), maxEventBytes),
                plan.tapUsage() ? usageTap : null, ex, plan.expectDone());
        SseEvent first;
        try {
            first = copier.first();
        } catch (ProxyError e) {
            metrics.upstreamFault(e.code());
            if (!plan.session().stop()) {
                throw e;
            }
            plan.session().failWith(e);
            return;
        }
        OutputStream out;
        if (plan.session().stop()) {
            out = plan.session().output();
        } else {
            res.status(up.status().code());
            copyHeaders(up.headers(), res);
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            res.header(ACCEL_BUFFERING, "no");
            ex.responseStarted = true;
            out = res.outputStream();
        }
        try {
            copier.run(out, first);
        } catch (ClientGone e) {
            ex.clientAborted = true;
            return;
        } catch (ProxyError e) {
            if (ex.upstreamAbort.aborted()) {
                writeQuietly(out, ErrorBodies.sseEvent(UpstreamAbort.SHUT_DOWN), ex);
            } else {
                metrics.upstreamFault(e.code());
                writeQuietly(out, ErrorBodies.sseEvent(e), ex);
            }
        }
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            ex.clientAborted = true;
        }
    }

    /**
     * Reads the whole body (at most {@link #MAX_UPSTREAM_BODY}) with room reserved in {@code lease}; 504 once
     * {@code deadlineNanos} has passed. With a Content-Length the buffer is exactly that size and every read asks for
     * exactly what is missing, so neither this method nor the client's entity stream allocates more than the body
     * (a small answer costs one array).
     */
    static byte[] readBody(HttpClientResponse up, long deadlineNanos, BodyBudget.Lease lease) {
        long declared = up.headers().contentLength().orElse(-1L);
        if (declared > MAX_UPSTREAM_BODY) {
            throw tooLarge();
        }
        byte[] buf = new byte[declared >= 0 ? (int) declared : 8192];
        int n = 0;
        try (InputStream in = lease.meterResponse(up.inputStream(), up.headers().contentLength())) {
            while (true) {
                if (n == buf.length) {
                    int extra = -1;
                    if (n == declared) {
                        extra = in.read();
                        if (extra < 0) {
                            return buf;
                        }
                    }
                    if (n > MAX_UPSTREAM_BODY) {
                        throw tooLarge();
                    }
                    buf = Arrays.copyOf(buf, Math.min(Math.max(n * 2, 8192), MAX_UPSTREAM_BODY + 1));
                    if (extra >= 0) {
                        buf[n++] = (byte) extra;
                    }
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    return n == buf.length ? buf : Arrays.copyOf(buf, n);
                }
                n += r;
                if (System.nanoTime() - deadlineNanos > 0) {
                    throw timeout(null);
                }
            }
        } catch (ProxyError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw bodyFailure(e);
        }
    }

    private static void send(ServerResponse res, byte[] body) {
        try {
            res.send(body);
        } catch (RuntimeException e) {
            throw new ClientGone(e);
        }
    }

    private static void writeQuietly(OutputStream out, byte[] bytes, Exchange ex) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException | RuntimeException e) {
            ex.clientAborted = true;
        }
    }

    static ProxyError bodyFailure(Throwable e) {
        if (OpenRouterTransport.isTimeout(e)) {
            return timeout(e);
        }
        LOG.log(Level.FINE, "upstream body read failed", e);
        return new ProxyError(502, "upstream_error", "upstream_broken", "upstream response ended abnormally", e);
    }

    private static ProxyError tooLarge() {
        return new ProxyError(502, "upstream_error", "upstream_body_too_large", "upstream response is too large");
    }

    private static ProxyError timeout(Throwable e) {
        return new ProxyError(504, "upstream_error", "upstream_timeout", "upstream did not answer in time", e);
    }

    /** A compressed body is passed through unchecked: the client that asked for the encoding decodes it. */
    private static boolean isEncoded(ClientResponseHeaders h) {
        return h.first(HeaderNames.CONTENT_ENCODING).map(v -> !v.isBlank() && !v.trim().equalsIgnoreCase("identity"))
                .orElse(false);
    }

    private static boolean isEventStream(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    }

    private static void copyHeaders(ClientResponseHeaders h, ServerResponse res) {
        h.first(HeaderNames.CONTENT_TYPE).ifPresent(v -> res.header(HeaderNames.CONTENT_TYPE, v));
        h.first(GENERATION_ID).ifPresent(v -> res.header(GENERATION_ID, v));
        h.first(HeaderNames.RETRY_AFTER).ifPresent(v -> res.header(HeaderNames.RETRY_AFTER, v));
        h.first(HeaderNames.CONTENT_ENCODING).ifPresent(v -> res.header(HeaderNames.CONTENT_ENCODING, v));
    }
}
