package org.openrouterproxy.server.mock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake upstream on a raw {@link ServerSocket} that misbehaves at the byte level on purpose: resets, stalls,
 * truncated bodies, HTML error pages, garbage, oversized events, error statuses with {@code Retry-After}.
 * Each accepted connection serves one request with the next scripted {@link Fault} ({@link #script}); with the
 * script empty, a model named {@code fault/<kind>} picks the fault, else it answers correctly. Every connection
 * is closed after its response. One virtual thread per connection.
 *
 * <pre>{@code
 * try (FaultyUpstream up = FaultyUpstream.start()) {
 *     up.script(Fault.status(503).retryAfter("1"), Fault.ok());
 *     // point OPENROUTER_BASE_URL at up.baseUrl(); the second attempt succeeds
 * }
 * }</pre>
 */
public final class FaultyUpstream implements AutoCloseable {
    static final int MAX_RECORDED_TIMES = 10_000;
    private final ServerSocket listener;
    private final Queue<Fault> script = new ConcurrentLinkedQueue<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    /** Read times of the first {@link #MAX_RECORDED_TIMES} requests (bounded, so long benchmark runs do not grow). */
    private final List<Long> requestNanos = new ArrayList<>();
    private volatile byte[] lastRequestBody = new byte[0];
    private volatile boolean closed;
    private final Thread acceptor;

    private FaultyUpstream(ServerSocket listener) {
        this.listener = listener;
        this.acceptor = Thread.ofVirtual().name("faulty-upstream-accept").start(this::acceptLoop);
    }

    /** Starts listening on 127.0.0.1 at a free port. */
    public static FaultyUpstream start() {
        try {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            return new FaultyUpstream(ss);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends faults to the script: each new connection takes the next one. Returns this for chaining. */
    public FaultyUpstream script(Fault... faults) {
        script.addAll(List.of(faults));
        return this;
    }

    /** Faults scripted but not yet used. */
    public int pendingFaults() {
        return script.size();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** What {@code OPENROUTER_BASE_URL} should be: {@code http://127.0.0.1:<port>/api/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/api/v1";
    }

    /** Connections accepted so far. */
    public int connectionCount() {
        return connections.get();
    }

    /** Requests whose head was read completely so far. */
    public int requestCount() {
        return requests.get();
    }

    /** Connections open right now (a stalled one stays open until the peer or the stall ends). */
    public int openConnections() {
        return open.size();
    }

    /** The body of the most recent request read. */
    public byte[] lastRequestBody() {
        return lastRequestBody.clone();
    }

    /** {@link System#nanoTime()} at which each of the first 10,000 requests was read: lets tests see back-off gaps. */
    public List<Long> requestTimes() {
        synchronized (requestNanos) {
            return List.copyOf(requestNanos);
        }
    }

    Fault nextScripted() {
        return script.poll();
    }

    int requestRead(byte[] body) {
        lastRequestBody = body;
        synchronized (requestNanos) {
            if (requestNanos.size() < MAX_RECORDED_TIMES) {
                requestNanos.add(System.nanoTime());
            }
        }
        return requests.incrementAndGet();
    }

    boolean isClosed() {
        return closed;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            open.add(s);
            Thread.ofVirtual().name("faulty-upstream-conn").start(() -> {
                try {
                    new FaultyConnection(this, s).serve();
                } finally {
                    open.remove(s);
                }
            });
        }
    }

    /** Stops listening and closes every open connection. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // best effort
            }
        }
        acceptor.interrupt();
    }
}
