package org.openrouterproxy.server;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * One line per request through {@code java.util.logging} (logger {@code org.openrouterproxy.access}): request id,
 * client key id (a short hash, never the key), method, path (no query), status, model, stream, duration and
 * upstream time to first byte in ms, and tokens when upstream reported usage. Plain {@code key=value} text (the
 * log formatter adds the time) or one JSON object per line with a {@code time} field
 * ({@code PROXY_ACCESS_LOG=plain|json|off}).
 */
final class AccessLog {
    static final String LOGGER = "org.openrouterproxy.access";
    private static final Logger LOG = Logger.getLogger(LOGGER);
    private static final JsonFactory JSON = new JsonFactory();

    private final GuardSettings.AccessLogFormat format;

    AccessLog(GuardSettings.AccessLogFormat format) {
        this.format = format;
    }

    void log(Exchange ex, String method, String path, int status, long nanos) {
        if (format == GuardSettings.AccessLogFormat.OFF || !LOG.isLoggable(Level.INFO)) {
            return;
        }
        // logp names the source, so the record never walks the stack to infer it
        LOG.logp(Level.INFO, LOGGER, "log", format == GuardSettings.AccessLogFormat.JSON
                ? json(ex, method, path, status, nanos, Instant.now()) : line(ex, method, path, status, nanos));
    }

    static String line(Exchange ex, String method, String path, int status, long nanos) {
        return "id=" + ex.requestId + " key=" + ex.keyId + " " + method + " " + safe(path, 200)
                + " " + status + " model=" + (ex.model == null ? "-" : safe(ex.model, 100))
                + " stream=" + ex.stream + " ms=" + nanos / 1_000_000
                + " ttfb_ms=" + (ex.upstreamTtfbNanos < 0 ? "-" : Long.toString(ex.upstreamTtfbNanos / 1_000_000))
                + (ex.usage == null ? "" : " tokens=" + ex.usage.promptTokens() + "/" + ex.usage.completionTokens()
                        + " cached=" + ex.usage.cachedTokens())
                + (ex.clientAborted ? " client_aborted" : "");
    }

    static String json(Exchange ex, String method, String path, int status, long nanos, Instant time) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("time", time.toString());
            g.writeStringField("id", ex.requestId);
            g.writeStringField("key", ex.keyId);
            g.writeStringField("method", method);
            g.writeStringField("path", safe(path, 200));
            g.writeNumberField("status", status);
            g.writeStringField("model", ex.model == null ? null : safe(ex.model, 100));
            g.writeBooleanField("stream", ex.stream);
            g.writeNumberField("duration_ms", nanos / 1_000_000);
            if (ex.upstreamTtfbNanos >= 0) {
                g.writeNumberField("ttfb_ms", ex.upstreamTtfbNanos / 1_000_000);
            }
            if (ex.usage != null) {
                g.writeNumberField("prompt_tokens", ex.usage.promptTokens());
                g.writeNumberField("completion_tokens", ex.usage.completionTokens());
                g.writeNumberField("cached_tokens", ex.usage.cachedTokens());
            }
            if (ex.clientAborted) {
                g.writeBooleanField("client_aborted", true);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Printable ASCII only, no spaces, bounded length: nothing a client sends can forge or bloat a log line. */
    static String safe(String s, int max) {
        if (s.length() <= max && printable(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            sb.append(c > 0x20 && c < 0x7f ? c : '_');
        }
        return sb.toString();
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
