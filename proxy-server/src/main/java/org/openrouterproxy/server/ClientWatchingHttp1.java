package org.openrouterproxy.server;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * Helidon's HTTP/1.1 connection selector, with each connection reading through a {@link ClientWatch} so that a
 * handler can learn that its client left. Registered first through {@code connectionSelectors}, it takes every
 * HTTP/1.1 connection; {@link #current()} gives the handler thread its connection's watch. A watch is armed only
 * when the handler still waits {@code after} (on the shared coarse {@code scheduler}), so fast requests cost no thread.
 */
final class ClientWatchingHttp1 implements ServerConnectionSelector {
    private final ServerConnectionSelector delegate;
    private final ThreadLocal<ClientWatch> current = new ThreadLocal<>();
    private final LongAdder started = new LongAdder();
    private final long afterMillis;
    private final CoarseTimer scheduler;

    ClientWatchingHttp1(Http1Config config, Duration after, CoarseTimer scheduler) {
        this.delegate = Http1ConnectionSelector.builder().config(config).build();
        this.afterMillis = after.toMillis();
        this.scheduler = scheduler;
    }

    /**
     * Watches the calling handler's client from {@code after} on (at once when zero); a no-op watch when the
     * connection is not one of ours. Must be called on the handler thread, which must disarm the result.
     */
    ClientWatch.Armed watch(Runnable onGone) {
        ClientWatch w = current.get();
        if (w == null) {
            return ClientWatch.Armed.none();
        }
        return afterMillis <= 0 ? w.watch(onGone) : w.watchAfter(onGone, afterMillis, scheduler);
    }

    /** How many watches started reading ahead so far (fast requests, disarmed in time, start none). */
    long watchesStarted() {
        return started.sum();
    }

    ClientWatch current() {
        return current.get();
    }

    @Override
    public int bytesToIdentifyConnection() {
        return delegate.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData request) {
        return delegate.supports(request);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return delegate.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        ClientWatch watch = new ClientWatch(ctx.dataReader(), ctx.serverSocket(), started);
        DataReader reader = DataReader.create(watch);
        return new Watched(delegate.connection(new Ctx(ctx, reader)), watch);
    }

    /** Binds the watch to the connection thread (which also runs the handlers) for the connection's lifetime. */
    private final class Watched implements ServerConnection, InterruptableTask<Void> {
        private final ServerConnection conn;
        private final ClientWatch watch;

        private Watched(ServerConnection conn, ClientWatch watch) {
            this.conn = conn;
            this.watch = watch;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            current.set(watch);
            try {
                conn.handle(limit);
            } finally {
                current.remove();
            }
        }

        @Override
        public Duration idleTime() {
            return conn.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            conn.close(interrupt);
        }

        @Override
        public boolean canInterrupt() {
            return conn instanceof InterruptableTask<?> t && t.canInterrupt();
        }
    }

    /** The connection context with the watched reader in place of the socket's. */
    private record Ctx(ConnectionContext d, DataReader reader) implements ConnectionContext {
        @Override
        public ListenerContext listenerContext() {
            return d.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return d.executor();
        }

        @Override
        public DataWriter dataWriter() {
            return d.dataWriter();
        }

        @Override
        public DataReader dataReader() {
            return reader;
        }

        @Override
        public Router router() {
            return d.router();
        }

        @Override
        public Optional<ProxyProtocolData> proxyProtocolData() {
            return d.proxyProtocolData();
        }

        @Override
        public HelidonSocket serverSocket() {
            return d.serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return d.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return d.localPeer();
        }

        @Override
        public boolean isSecure() {
            return d.isSecure();
        }

        @Override
        public String socketId() {
            return d.socketId();
        }

        @Override
        public String childSocketId() {
            return d.childSocketId();
        }
    }
}
