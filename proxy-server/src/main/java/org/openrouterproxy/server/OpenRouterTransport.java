package org.openrouterproxy.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import org.openrouterproxy.core.ProxyError;

import io.helidon.common.uri.UriEncoding;
import io.helidon.http.Headers;
import io.helidon.http.Method;
import io.helidon.webclient.api.ClientUri;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientConfig;
import io.helidon.webclient.http1.Http1ClientProtocolConfig;
import io.helidon.webclient.http1.Http1ClientRequest;

/**
 * The one upstream transport: OpenRouter's base URL, the upstream key and attribution headers, and an HTTP/1.1
 * client (Http1Client, so no protocol discovery per request) with TCP no-delay and a connect timeout, fed keep-alive
 * connections by {@link UpstreamConnections} and timed by an {@link UpstreamDeadline} per call. Failures before a
 * response become 502 (unreachable) or 504 (timeout) {@link ProxyError}s.
 */
final class OpenRouterTransport {
    private final String baseUrl;
    private final Http1Client client;
    private final UpstreamConnections connections;
    private final CoarseTimer timer;
    private final UpstreamHeaders headers;
    private final Duration readTimeout;
    private final Duration streamIdleTimeout;
    /**
     * Upstream URIs by path, parsed once into the client's own form: a request neither encodes and parses its URI
     * string nor has the client take a {@link URI} apart again (it copies a {@link ClientUri} field by field).
     */
    private final ConcurrentHashMap<String, ClientUri> uris = new ConcurrentHashMap<>();

    OpenRouterTransport(ProxySettings s, CoarseTimer timer) {
        this.timer = timer;
        this.baseUrl = s.baseUrl();
        this.headers = new UpstreamHeaders(s);
        this.readTimeout = s.readTimeout();
        this.streamIdleTimeout = s.streamIdleTimeout();
        // connections come from UpstreamConnections and every call sets its own (zero) read timeout, so Helidon's
        // connection-cache settings and default read timeout do not apply; the socket's read timeout still bounds
        // a TLS handshake
        Http1ClientConfig config = Http1Client.builder()
                .socketOptions(so -> so.tcpNoDelay(true)
                        .connectTimeout(s.connectTimeout())
                        .readTimeout(s.readTimeout()))
                .connectTimeout(s.connectTimeout())
                .followRedirects(false)
                .sendExpectContinue(false)
                // no client-side write buffer: headers and body already sit in one buffer that goes out in one
                // write; a 4 KiB staging buffer only added a copy and a 4 KiB temporary array per request
                .writeBufferSize(0)
                // the headers sent upstream are the client's (validated when they arrived) and the proxy's own;
                // upstream's response headers are still validated
                .protocolConfig(Http1ClientProtocolConfig.builder().validateRequestHeaders(false).build())
                .proxy(systemProxyConfigured() ? Proxy.create() : Proxy.noProxy())
                .buildPrototype();
        this.client = Http1Client.create(config);
        this.connections = new UpstreamConnections(config, URI.create(baseUrl), 512);
    }

    /**
     * True when the JVM is told to use an HTTP/SOCKS proxy. Without one, the client is given "no proxy" so it does
     * not ask the JVM's ProxySelector on every request (which builds strings for each call and finds nothing).
     */
    static boolean systemProxyConfigured() {
        for (String p : new String[] {"http.proxyHost", "https.proxyHost", "socksProxyHost"}) {
            String v = System.getProperty(p);
            if (v != null && !v.isBlank()) {
                return true;
            }
        }
        return Boolean.getBoolean("java.net.useSystemProxies");
    }

    /** An upstream call: method, path under the base URL ({@code /chat/completions}), client headers, body. */
    record Call(Method method, String path, Headers clientHeaders, byte[] body, String upstreamKey, boolean stream) {
    }

    /**
     * Sends the call and returns once upstream's status and headers arrived; the caller must close the response.
     *
     * @throws ProxyError 502 when upstream cannot be reached, 504 when it does not answer in time
     */
    HttpClientResponse send(Call call) {
        TcpClientConnection connection = null;
        UpstreamDeadline deadline = null;
        try {
            connection = connections.borrow();
            deadline = call.stream() ? UpstreamDeadline.idle(timer, streamIdleTimeout, connection)
                    : UpstreamDeadline.whole(timer, readTimeout, connection);
            // no socket read timeout (a timed park per read): the deadline closes the connection instead
            Http1ClientRequest req = client.method(call.method())
                    .uri(uri(call.path()))
                    .connection(connection)
                    .readTimeout(Duration.ZERO)
                    .headers(h -> headers.apply(call.clientHeaders(), h, call.upstreamKey(), call.body() != null));
            HttpClientResponse up = call.body() == null ? req.request() : req.submit(call.body());
            return new TimedUpstreamResponse(up, deadline);
        } catch (RuntimeException e) {
            if (connection != null) {
                // a connection that failed mid-call is never reused (Helidon closes it only for some failures)
                connection.closeResource();
            }
            if (deadline != null) {
                deadline.finish();
                if (deadline.expired()) {
                    throw timeout(e);
                }
            }
            throw failure(e);
        }
    }

    /**
     * The upstream URI of {@code path}, as {@code uri(String)} would parse it; cached for the few fixed paths
     * (a path with a client-chosen part, e.g. a model id, beyond the first 64 is parsed each time). Never changed
     * after it is built: requests only copy from it.
     */
    ClientUri uri(String path) {
        ClientUri u = uris.get(path);
        if (u != null) {
            return u;
        }
        u = ClientUri.create(URI.create(UriEncoding.encodeUri(baseUrl + path)));
        if (uris.size() < 64) {
            uris.putIfAbsent(path, u);
        }
        return u;
    }

    /** Maps a transport exception to the client-safe 502/504 error (no addresses, no stack traces). */
    static ProxyError failure(Throwable e) {
        if (isTimeout(e)) {
            return timeout(e);
        }
        String what = hasCause(e, UnknownHostException.class) ? "upstream host could not be resolved"
                : hasCause(e, ConnectException.class) ? "upstream connection refused"
                : "upstream connection failed";
        return new ProxyError(502, "upstream_error", "upstream_unreachable", what, e);
    }

    private static ProxyError timeout(Throwable e) {
        return new ProxyError(504, "upstream_error", "upstream_timeout", "upstream did not answer in time", e);
    }

    static boolean isTimeout(Throwable e) {
        if (hasCause(e, SocketTimeoutException.class) || hasCause(e, TimeoutException.class)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** True for the exceptions a broken or timed-out upstream socket produces while reading a body. */
    static boolean isIo(Throwable e) {
        return e instanceof IOException || e instanceof UncheckedIOException || hasCause(e, IOException.class);
    }

    void close() {
        connections.close();
    }
}
