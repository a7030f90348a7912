package org.openrouterproxy.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openrouterproxy.core.ErrorBodies;
import org.openrouterproxy.core.ProxyError;

import io.helidon.http.ClientResponseHeaders;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.ServerResponse;

/**
 * Writes an upstream response to the client. JSON (and every error status): read whole, sent with its
 * Content-Length. Event streams: relayed event by event with a flush after each, comments and {@code [DONE]}
 * byte for byte. A failed client write means the client left: the relay returns at once so the caller closes
 * the upstream response.
 */
final class ResponseRelay {
    static final HeaderName GENERATION_ID = HeaderNames.create("X-Generation-Id");
    static final HeaderName ACCEL_BUFFERING = HeaderNames.create("X-Accel-Buffering");
    static final int MAX_UPSTREAM_BODY = 64 * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(ResponseRelay.class.getName());
    private static final ProxyError SHUT_DOWN = new ProxyError(503, "server_error", "shutting_down",
            "proxy shut down before the stream ended (PROXY_SHUTDOWN_GRACE passed); retry the request");

    private final UsageTap usageTap;

    ResponseRelay(UsageTap usageTap) {
        this.usageTap = usageTap;
    }

    /** Relays {@code up} to {@code res}; {@code tapUsage} reads token usage for metrics (chat only). */
    void relay(HttpClientResponse up, ServerResponse res, Exchange ex, boolean tapUsage) {
        int status = up.status().code();
        if (status >= 200 && status < 300 && isEventStream(up.headers())) {
            relayEvents(up, res, ex, tapUsage);
        } else {
            relayBody(up, res, ex, tapUsage && status >= 200 && status < 300);
        }
    }

    private void relayBody(HttpClientResponse up, ServerResponse res, Exchange ex, boolean tapUsage) {
        byte[] body;
        try (InputStream in = up.inputStream()) {
            body = in.readNBytes(MAX_UPSTREAM_BODY + 1);
        } catch (IOException | RuntimeException e) {
            throw bodyFailure(e);
        }
        if (body.length > MAX_UPSTREAM_BODY) {
            throw new ProxyError(502, "upstream_error", "upstream_body_too_large", "upstream response is too large");
        }
        if (tapUsage) {
            usageTap.fromJson(body, ex);
        }
        res.status(up.status().code());
        copyHeaders(up.headers(), res);
        try {
            res.send(body);
        } catch (RuntimeException e) {
            throw new ClientGone(e);
        }
    }

    private void relayEvents(HttpClientResponse up, ServerResponse res, Exchange ex, boolean tapUsage) {
        res.status(up.status().code());
        copyHeaders(up.headers(), res);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(ACCEL_BUFFERING, "no");
        ex.responseStarted = true;
        OutputStream out = res.outputStream();
        SseCopier copier = new SseCopier(up.inputStream(), out, tapUsage ? usageTap : null, ex);
        try {
            copier.run();
        } catch (ClientGone e) {
            ex.clientAborted = true;
            return;
        } catch (ProxyError e) {
            writeQuietly(out, ErrorBodies.sseEvent(ex.upstreamAbort.aborted() ? SHUT_DOWN : e), ex);
        }
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            ex.clientAborted = true;
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
            return new ProxyError(504, "upstream_error", "upstream_timeout", "upstream did not answer in time", e);
        }
        LOG.log(Level.FINE, "upstream body read failed", e);
        return new ProxyError(502, "upstream_error", "upstream_broken", "upstream response ended abnormally", e);
    }

    private static boolean isEventStream(ClientResponseHeaders h) {
        return h.first(HeaderNames.CONTENT_TYPE).map(v -> v.toLowerCase(Locale.ROOT).startsWith("text/event-stream"))
                .orElse(false);
    }

    private static void copyHeaders(ClientResponseHeaders h, ServerResponse res) {
        h.first(HeaderNames.CONTENT_TYPE).ifPresent(v -> res.header(HeaderNames.CONTENT_TYPE, v));
        h.first(GENERATION_ID).ifPresent(v -> res.header(GENERATION_ID, v));
        h.first(HeaderNames.RETRY_AFTER).ifPresent(v -> res.header(HeaderNames.RETRY_AFTER, v));
        h.first(HeaderNames.CONTENT_ENCODING).ifPresent(v -> res.header(HeaderNames.CONTENT_ENCODING, v));
    }
}
