package org.openrouterproxy.server;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import io.helidon.http.ClientRequestHeaders;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

/**
 * Which client headers go upstream: all but hop-by-hop headers, {@code Authorization}, {@code Host},
 * {@code Content-Length} (recomputed), {@code Accept-Encoding} (the proxy relays bytes as received), the
 * proxy's own {@code X-Proxy-*} controls, other credential spellings ({@code X-Api-Key}, {@code Api-Key},
 * {@code Cookie}) and client-identity headers ({@code Forwarded}, {@code X-Forwarded-*}, {@code X-Real-IP}). Adds the upstream key and the attribution headers unless the client
 * sent its own.
 */
final class UpstreamHeaders {
    static final HeaderName HTTP_REFERER = HeaderNames.create("HTTP-Referer");
    static final HeaderName OPENROUTER_TITLE = HeaderNames.create("X-OpenRouter-Title");
    static final HeaderName X_TITLE = HeaderNames.create("X-Title");
    private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
            "authorization", "host", "content-length", "accept-encoding", "expect",
            // credentials a client may send in other spellings, and client identity: never upstream
            "x-api-key", "api-key", "cookie", "forwarded", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto", "x-real-ip");

    private final String referer;
    private final String title;

    UpstreamHeaders(ProxySettings s) {
        this.referer = s.httpReferer();
        this.title = s.appTitle();
    }

    /** Copies the forwardable client headers, then sets auth and attribution on {@code out}. */
    void apply(Headers client, ClientRequestHeaders out, String upstreamKey, boolean hasBody) {
        Set<String> connectionNamed = connectionTokens(client);
        for (Header h : client) {
            String name = h.headerName().lowerCase();
            if (DROPPED.contains(name) || name.startsWith("x-proxy-") || connectionNamed.contains(name)) {
                continue;
            }
            out.set(h);
        }
        if (upstreamKey != null) {
            out.set(HeaderNames.AUTHORIZATION, "Bearer " + upstreamKey);
        }
        if (referer != null && !client.contains(HTTP_REFERER)) {
            out.set(HTTP_REFERER, referer);
        }
        if (title != null && !client.contains(OPENROUTER_TITLE) && !client.contains(X_TITLE)) {
            out.set(OPENROUTER_TITLE, title);
        }
        if (hasBody && !out.contains(HeaderNames.CONTENT_TYPE)) {
            out.set(HeaderNames.CONTENT_TYPE, "application/json");
        }
    }

    private static Set<String> connectionTokens(Headers client) {
        if (!client.contains(HeaderNames.CONNECTION)) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        for (String v : client.get(HeaderNames.CONNECTION).allValues()) {
            for (String t : v.split(",")) {
                out.add(t.trim().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }
}
