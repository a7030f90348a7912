package org.openrouterproxy.server;

import java.time.Duration;

import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;

/**
 * The running proxy: a Helidon WebServer (TCP no-delay, header limit, JSON errors for malformed requests,
 * optional TLS) with the routes of {@link ProxyRoutes}. {@link #shutdown} drains it gracefully.
 *
 * <pre>{@code
 * try (ProxyServer proxy = ProxyServer.start(ProxySettings.builder().port(0).baseUrl(mock.baseUrl())
 *         .upstreamKey("sk-or-...").build())) {
 *     // OpenAI clients use proxy.baseUrl() + "/v1"
 * }
 * }</pre>
 */
public final class ProxyServer implements AutoCloseable {
    private static final Duration ABORT_WAIT = Duration.ofSeconds(5);

    private final WebServer server;
    private final ProxySettings settings;
    private final ProxyComponents components;

    private ProxyServer(WebServer server, ProxySettings settings, ProxyComponents components) {
        this.server = server;
        this.settings = settings;
        this.components = components;
    }

    /**
     * Starts the proxy on {@code s.host()}:{@code s.port()} (0 = any free port) and returns once it listens.
     *
     * @throws IllegalStateException when the address cannot be bound
     */
    public static ProxyServer start(ProxySettings s) {
        ProxyComponents c = ProxyComponents.create(s);
        GuardSettings g = s.guard();
        DirectHandlers.Builder errors = DirectHandlers.builder();
        for (DirectHandler.EventType t : DirectHandler.EventType.values()) {
            errors.addHandler(t, new JsonDirectHandler());
        }
        WebServerConfig.Builder b = WebServer.builder()
                .host(s.host())
                .port(s.port())
                .shutdownHook(false)
                .shutdownGracePeriod(Duration.ofMillis(500))
                .connectionOptions(so -> so.tcpNoDelay(true))
                .addProtocol(ProxyComponents.http1(s))
                .addConnectionSelector(c.clients())
                .directHandlers(errors.build())
                .errorHandling(eh -> eh.includeEntity(true))
                .routing(r -> ProxyRoutes.register(r, c));
        WebServer ws;
        try {
            if (g.tls() != null) {
                b.tls(ListenerTls.create(g.tls()));
            }
            ws = b.build().start();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        if (!ws.isRunning()) {
            c.close();
            throw new IllegalStateException("could not listen on " + s.host() + ":" + s.port()
                    + " (address in use or not available)");
        }
        return new ProxyServer(ws, s, c);
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** Where clients reach the proxy, e.g. {@code http://127.0.0.1:9998} (append {@code /v1} for OpenAI SDKs). */
    public String baseUrl() {
        String host = settings.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            host = "127.0.0.1";
        }
        String scheme = settings.guard().tls() == null ? "http://" : "https://";
        return scheme + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** The settings this proxy runs with. */
    public ProxySettings settings() {
        return settings;
    }

    ProxyComponents components() {
        return components;
    }

    /**
     * Graceful shutdown: readiness goes DOWN and new API requests get 503 at once; running requests and streams
     * may finish within {@code grace}; then those still running have their upstream call closed (a stream ends
     * with an error event) and get a few seconds to write it; then the server stops.
     */
    public void shutdown(Duration grace) {
        Guard g = components.guard();
        g.inFlight().startDraining();
        if (!g.inFlight().awaitIdle(grace)) {
            g.metrics().endedByShutdown(g.inFlight().abortRemaining());
            g.inFlight().awaitIdle(ABORT_WAIT);
        }
        close();
    }

    /** Stops the server at once (running requests are cut off); see {@link #shutdown} for the graceful way. */
    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            components.close();
        }
    }
}
