package org.openrouterproxy.server;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.ConnectionKey;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientConfig;

/**
 * The keep-alive connections to upstream, handed to each request explicitly instead of through Helidon's
 * connection cache. Helidon's cache starts a virtual thread per returned connection that blocks in a one-byte read
 * with a 101 ms timeout (to notice a connection the server closed), and the next request on it then waits for that
 * thread: a thread start, a timed park (a wake-up of the JDK's delay scheduler) and two more context switches per
 * request, about a tenth of the proxy's CPU. Here a connection goes back to the pool as it is; only one left idle
 * for {@link #MONITOR_AFTER} gets Helidon's monitor (a sweeper thread starts it), and one idle for
 * {@link #MAX_IDLE} is closed. Connections are handed out in turn (first returned, first out), as Helidon's cache
 * does: handing out the most recently used one first kept one connection busy across young collections, and its
 * reader's linked buffers then dragged ~3 MB into the old generation per collection (Helidon's {@code DataReader}
 * keeps consumed nodes linked), with p99 at 2,000 req/s going from ~1 to ~3-4 ms. A server that closes a connection
 * within {@code MONITOR_AFTER} of answering on it (without {@code Connection: close}) fails the next request on it
 * if that comes before the close is noticed, as it could with Helidon's cache.
 */
public final class UpstreamConnections implements AutoCloseable {
    /** Idle time after which a pooled connection is watched for the server closing it. */
    static final Duration MONITOR_AFTER = Duration.ofMillis(20);
    /** Idle time after which a pooled connection is closed. */
    static final Duration MAX_IDLE = Duration.ofSeconds(60);
    private static final List<String> PROTOCOLS = List.of(Http1Client.PROTOCOL_ID);
    private static final Logger LOG = Logger.getLogger(UpstreamConnections.class.getName());

    private final WebClient webClient;
    private final ConnectionKey key;
    private final int maxIdleConnections;
    private final long monitorAfterNanos;
    private final long maxIdleNanos;
    private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final Thread sweeper;
    private volatile boolean closed;

    /** A pool for {@code base}'s host and port, with the client settings of {@code config}. */
    public UpstreamConnections(Http1ClientConfig config, URI base, int maxIdleConnections) {
        this(config, base, maxIdleConnections, MONITOR_AFTER, MAX_IDLE);
    }

    UpstreamConnections(Http1ClientConfig config, URI base, int maxIdleConnections, Duration monitorAfter,
                        Duration maxIdle) {
        this.monitorAfterNanos = monitorAfter.toNanos();
        this.maxIdleNanos = maxIdle.toNanos();
        this.webClient = WebClient.create(it -> it.from(config));
        String scheme = base.getScheme();
        boolean https = "https".equalsIgnoreCase(scheme);
        // as Helidon's cache: the configured TLS for https, none for http
        Tls tls = https ? config.tls() : Tls.builder().enabled(false).build();
        int port = base.getPort() >= 0 ? base.getPort() : https ? 443 : 80;
        this.key = ConnectionKey.create(scheme, base.getHost(), port, tls, config.dnsResolver(),
                config.dnsAddressLookup(), config.proxy());
        this.maxIdleConnections = maxIdleConnections;
        this.sweeper = Thread.ofPlatform().daemon().name("upstream-connections").unstarted(this::sweepLoop);
        sweeper.start();
    }

    /** A connected connection: the longest-waiting live one, or a new one (connect failures throw). */
    public TcpClientConnection borrow() {
        long now = System.nanoTime();
        Idle i;
        while ((i = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            if (i.connection.isConnected() && now - i.since < maxIdleNanos) {
                return i.connection;
            }
            i.connection.closeResource();
        }
        return TcpClientConnection.create(webClient, key, PROTOCOLS, this::giveBack, c -> { }).connect();
    }

    /** Connections waiting in the pool. */
    int idleConnections() {
        return idleCount.get();
    }

    /** Helidon's release of a connection whose response was read whole: false makes Helidon close it. */
    private boolean giveBack(TcpClientConnection c) {
        if (closed || !c.isConnected()) {
            return false;
        }
        if (idleCount.incrementAndGet() > maxIdleConnections) {
            idleCount.decrementAndGet();
            return false;
        }
        idle.offerLast(new Idle(c, System.nanoTime()));
        closeAllIfClosed();
        return true;
    }

    private void sweepLoop() {
        long period = monitorAfterNanos / 2;
        while (!closed) {
            LockSupport.parkNanos(period);
            try {
                sweep(System.nanoTime());
            } catch (RuntimeException e) {
                // never let one bad connection stop the sweeping of all the others
                LOG.log(Level.FINE, "upstream connection sweep failed", e);
            }
        }
    }

    /** Closes connections idle too long or found closed; starts the monitor on those idle for a while. */
    void sweep(long now) {
        for (Idle i : idle) {
            long idleFor = now - i.since;
            boolean expired = idleFor >= maxIdleNanos || !i.connection.isConnected();
            boolean watch = !i.monitored && idleFor >= monitorAfterNanos;
            if ((expired || watch) && idle.removeFirstOccurrence(i)) {
                // removed by us: no request holds it now
                if (expired || !watch(i)) {
                    idleCount.decrementAndGet();
                    i.connection.closeResource();
                    continue;
                }
                idle.offerLast(i);
                closeAllIfClosed();
            }
        }
    }

    /** Starts Helidon's monitor on a pooled connection; false when the connection turned out unusable. */
    private boolean watch(Idle i) {
        try {
            // the monitor's read gives up (and marks the connection closed) after the socket timeout: longer than
            // the pool keeps it, so it never fails a request that takes the connection
            i.connection.readTimeout(Duration.ofNanos(maxIdleNanos).plusSeconds(30));
            i.connection.helidonSocket().idle();
            i.monitored = true;
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A connection given back while the pool was closing is closed here rather than left open in the deque. */
    private void closeAllIfClosed() {
        if (!closed) {
            return;
        }
        Idle i;
        while ((i = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            i.connection.closeResource();
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(sweeper);
        closeAllIfClosed();
    }

    /** A pooled connection and since when it waits. */
    private static final class Idle {
        final TcpClientConnection connection;
        final long since;
        volatile boolean monitored;

        Idle(TcpClientConnection connection, long since) {
            this.connection = connection;
            this.since = since;
        }
    }
}
