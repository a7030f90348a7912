package org.openrouterproxy.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalLong;

import org.openrouterproxy.core.ProxyError;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/** Reads a JSON request body with a size bound: 415 for a non-JSON content type, 413 when too large. */
final class RequestBodies {
    private final long maxBytes;
    private final BodyReadWatchdog watchdog;
    private final GuardMetrics guardMetrics;

    RequestBodies(long maxBytes, BodyReadWatchdog watchdog, GuardMetrics guardMetrics) {
        this.maxBytes = maxBytes;
        this.watchdog = watchdog;
        this.guardMetrics = guardMetrics;
    }

    /** The body bytes; a missing Content-Type is accepted as JSON. */
    byte[] readJson(ServerRequest req) {
        checkJsonContentType(req);
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw tooLarge();
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        Exchange ex = ExchangeFilter.of(req);
        int factor = ex.route == Route.CHAT ? BodyBudget.CHAT_FACTOR : 1;
        ex.budget.reserveRequest(declared, factor);
        BodyReadWatchdog.Watch watch = watchdog.start();
        byte[] body;
        try (InputStream in = ex.budget.meterRequest(req.content().inputStream(), declared, factor)) {
            body = in.readNBytes(declared.isPresent() ? (int) declared.getAsLong()
                    : (int) Math.min(Integer.MAX_VALUE - 16, maxBytes + 1));
        } catch (ProxyError e) {
            watch.finish();
            throw e;
        } catch (IOException | RuntimeException e) {
            throw watch.finish() ? timedOut() : new ProxyError(400, "invalid_request_error", "body_read_failed",
                    "could not read the request body");
        }
        if (watch.finish()) {
            throw timedOut();
        }
        if (body.length > maxBytes) {
            throw tooLarge();
        }
        return body;
    }

    private ProxyError timedOut() {
        guardMetrics.bodyReadTimeout();
        return new ProxyError(408, "invalid_request_error", "request_timeout", "request body not received within "
                + watchdog.timeout().toSeconds() + " s (" + GuardKeys.BODY_READ_TIMEOUT + ")");
    }

    private void checkJsonContentType(ServerRequest req) {
        String ct = req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
        if (ct == null || ct.isBlank()) {
            return;
        }
        String mt = ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mt.equals("application/json") || mt.endsWith("+json")) {
            return;
        }
        throw new ProxyError(415, "invalid_request_error", "unsupported_media_type",
                "Content-Type must be application/json; got '" + truncate(mt) + "' (send -H 'Content-Type: "
                        + "application/json')");
    }

    private ProxyError tooLarge() {
        return new ProxyError(413, "invalid_request_error", "request_too_large",
                "request body exceeds the limit of " + maxBytes + " bytes");
    }

    private static String truncate(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) : s;
        char[] c = t.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] < 0x20 || c[i] > 0x7e) {
                c[i] = '?';
            }
        }
        return new String(Arrays.copyOf(c, c.length));
    }
}
