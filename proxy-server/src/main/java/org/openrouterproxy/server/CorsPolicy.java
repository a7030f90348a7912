package org.openrouterproxy.server;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * CORS for browser clients: off unless origins are configured. An allowed origin gets
 * {@code Access-Control-Allow-Origin} (its own value echoed, with {@code Vary: Origin}); a preflight
 * ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered here, 204 for an allowed origin and
 * 403 otherwise. No credentials mode: clients authenticate with a bearer key, not cookies.
 */
final class CorsPolicy {
    static final HeaderName ALLOW_ORIGIN = HeaderNames.create("Access-Control-Allow-Origin");
    static final HeaderName REQUEST_METHOD = HeaderNames.create("Access-Control-Request-Method");
    static final HeaderName REQUEST_HEADERS = HeaderNames.create("Access-Control-Request-Headers");
    static final HeaderName ALLOW_METHODS = HeaderNames.create("Access-Control-Allow-Methods");
    static final HeaderName ALLOW_HEADERS = HeaderNames.create("Access-Control-Allow-Headers");
    static final HeaderName EXPOSE_HEADERS = HeaderNames.create("Access-Control-Expose-Headers");
    static final HeaderName MAX_AGE = HeaderNames.create("Access-Control-Max-Age");
    private static final String DEFAULT_ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id, X-Proxy-Cache, "
            + "OpenAI-Organization, OpenAI-Project, HTTP-Referer, X-Title";
    private static final String EXPOSED = "X-Request-Id, X-Generation-Id, X-Proxy-Cache-Control, Retry-After";

    private final boolean any;
    private final Set<String> origins;

    CorsPolicy(List<String> configured) {
        this.any = configured.contains("*");
        this.origins = configured.stream().map(CorsPolicy::normalize).collect(Collectors.toUnmodifiableSet());
    }

    boolean enabled() {
        return any || !origins.isEmpty();
    }

    /** True when {@code req} is a CORS preflight (needs an answer from {@link #preflight}). */
    boolean isPreflight(ServerRequest req) {
        return enabled() && req.prologue().method() == Method.OPTIONS && req.headers().contains(HeaderNames.ORIGIN)
                && req.headers().contains(REQUEST_METHOD);
    }

    /** Answers a preflight: 204 with the allowed methods and headers, or 403 JSON for a foreign origin. */
    void preflight(ServerRequest req, ServerResponse res) {
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse("");
        if (!allowed(origin)) {
            ErrorResponses.send(res, new org.openrouterproxy.core.ProxyError(403, "invalid_request_error",
                    "cors_origin_not_allowed", "origin is not allowed by PROXY_CORS_ORIGINS"));
            return;
        }
        allowOrigin(res, origin);
        res.header(ALLOW_METHODS, "GET, POST, OPTIONS");
        String asked = req.headers().first(REQUEST_HEADERS).map(CorsPolicy::sanitize).orElse("");
        res.header(ALLOW_HEADERS, asked.isEmpty() ? DEFAULT_ALLOWED_HEADERS : asked);
        res.header(MAX_AGE, "600");
        res.status(204).send();
    }

    /** Adds the CORS response headers to an actual (non-preflight) request from an allowed origin. */
    void decorate(ServerRequest req, ServerResponse res) {
        if (!enabled()) {
            return;
        }
        req.headers().first(HeaderNames.ORIGIN).filter(this::allowed).ifPresent(o -> {
            allowOrigin(res, o);
            res.header(EXPOSE_HEADERS, EXPOSED);
        });
    }

    boolean allowed(String origin) {
        return any || origins.contains(normalize(origin));
    }

    private static void allowOrigin(ServerResponse res, String origin) {
        res.header(ALLOW_ORIGIN, sanitize(origin));
        res.header(HeaderNames.VARY, "Origin");
    }

    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    /** Header names and origins only: letters, digits and a few separators, bounded length. */
    private static String sanitize(String v) {
        StringBuilder sb = new StringBuilder(Math.min(v.length(), 512));
        for (int i = 0; i < v.length() && sb.length() < 512; i++) {
            char c = v.charAt(i);
            if (Character.isLetterOrDigit(c) && c < 0x80 || ",-_.:/ []".indexOf(c) >= 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
