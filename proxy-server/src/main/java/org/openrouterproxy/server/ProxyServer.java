package org.openrouterproxy.server;

import java.time.Duration;

import io.helidon.webserver.WebServer;

/**
 * The running proxy: a Helidon WebServer (TCP no-delay) with the routes of {@link ProxyRoutes}.
 *
 * <pre>{@code
 * try (ProxyServer proxy = ProxyServer.start(ProxySettings.builder().port(0).baseUrl(mock.baseUrl())
 *         .upstreamKey("sk-or-...").build())) {
 *     // OpenAI clients use proxy.baseUrl() + "/v1"
 * }
 * }</pre>
 */
public final class ProxyServer implements AutoCloseable {
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
        WebServer ws = WebServer.builder()
                .host(s.host())
                .port(s.port())
                .shutdownHook(false)
                .shutdownGracePeriod(Duration.ofMillis(500))
                .connectionOptions(so -> so.tcpNoDelay(true))
                .routing(r -> ProxyRoutes.register(r, c))
                .build()
                .start();
        if (!ws.isRunning()) {
            c.keepAlive().close();
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
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** The settings this proxy runs with. */
    public ProxySettings settings() {
        return settings;
    }

    ProxyComponents components() {
        return components;
    }

    /** Stops accepting connections and stops the server. */
    @Override
    public void close() {
        server.stop();
        components.keepAlive().close();
    }
}
