package org.openrouterproxy.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One selector thread driving a share of the connections: non-blocking keep-alive HTTP/1.1, one request in flight
 * per connection, the same pre-encoded request bytes every time. In constant-rate mode each connection sends on a
 * fixed schedule and latency is measured from the intended send time, as wrk2 does.
 */
final class LoadWorker implements Runnable {
    /** A send more than this after its intended time counts as behind schedule. */
    static final long LATE_NANOS = 1_000_000L;
    private static final long CONNECT_BACKOFF_NANOS = 100_000_000L;
    private static final long CHECK_EVERY_NANOS = 50_000_000L;

    private final LoadSpec spec;
    private final LoadCounters counters;
    private final WorkerRecorders recorders = new WorkerRecorders();
    private final InetSocketAddress address;
    private final ByteBuffer request;
    private final AtomicInteger maxChunksSeen;
    private final List<LoadConnection> connections = new ArrayList<>();
    private final PriorityQueue<LoadConnection> timers = new PriorityQueue<>(Comparator.comparingLong(c -> c.wakeAt));
    private final byte[] readBuf = new byte[64 * 1024];
    private final ByteBuffer readBuffer = ByteBuffer.wrap(readBuf);
    private final long startNanos;
    /** When the run ends; moved earlier once the warm-up has reached steady state. */
    private final AtomicLong endNanos;
    private final long intervalNanos;
    private final long timeoutNanos;
    private Selector selector;
    private volatile boolean stop;
    private volatile int inFlight;

    LoadWorker(LoadSpec spec, LoadCounters counters, InetSocketAddress address, ByteBuffer request,
               int firstIndex, int count, long startNanos, AtomicLong endNanos, AtomicInteger maxChunksSeen) {
        this.spec = spec;
        this.counters = counters;
        this.address = address;
        this.request = request;
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.maxChunksSeen = maxChunksSeen;
        this.timeoutNanos = spec.requestTimeout().toNanos();
        this.intervalNanos = spec.constantRate() ? (long) (1e9 * spec.connections() / spec.rate()) : 0;
        for (int i = 0; i < count; i++) {
            connections.add(new LoadConnection(this, firstIndex + i, request, spec.stream(),
                    spec.method().equals("HEAD")));
        }
    }

    /** This worker's latency recorders (drained by the sampling thread). */
    WorkerRecorders recorders() {
        return recorders;
    }

    /** Requests currently in flight on this worker (read by the progress thread). */
    int inFlight() {
        return inFlight;
    }

    /** Asks the loop to end now; it closes its connections on the way out. */
    void stop() {
        stop = true;
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    @Override
    public void run() {
        try (Selector sel = Selector.open()) {
            selector = sel;
            for (LoadConnection c : connections) {
                if (spec.constantRate()) {
                    c.intended = startNanos + (long) (c.index * 1e9 / spec.rate());
                }
                connect(c, System.nanoTime());
            }
            loop(sel);
        } catch (IOException e) {
            counters.error("selector");
        } finally {
            for (LoadConnection c : connections) {
                c.closeQuietly();
            }
        }
    }

    private void loop(Selector sel) throws IOException {
        long nextCheck = System.nanoTime() + CHECK_EVERY_NANOS;
        while (!stop) {
            long now = System.nanoTime();
            long end = endNanos.get();
            if (now >= end) {
                return;
            }
            long wait = Math.min(end, nextCheck) - now;
            LoadConnection first = timers.peek();
            if (first != null) {
                wait = Math.min(wait, first.wakeAt - now);
            }
            int ready;
            if (wait >= 1_000_000L) {
                ready = sel.select(wait / 1_000_000L);
            } else {
                ready = sel.selectNow();
                if (ready == 0 && wait > 0) {
                    LockSupport.parkNanos(Math.min(wait, 50_000L));
                }
            }
            if (ready > 0) {
                handleReady(sel);
            }
            now = System.nanoTime();
            runTimers(now);
            if (now >= nextCheck) {
                checkTimeouts(now);
                nextCheck = now + CHECK_EVERY_NANOS;
            }
        }
    }

    private void handleReady(Selector sel) {
        Iterator<SelectionKey> it = sel.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            LoadConnection c = (LoadConnection) key.attachment();
            if (!key.isValid()) {
                continue;
            }
            try {
                if (key.isConnectable()) {
                    c.channel.finishConnect();
                    c.connecting = false;
                    onConnected(c, System.nanoTime());
                } else if (key.isWritable()) {
                    c.write();
                } else if (key.isReadable()) {
                    c.read(readBuffer, readBuf);
                }
            } catch (IOException e) {
                fail(c, c.connecting ? "connect" : "io", System.nanoTime());
            } catch (HttpResponseParser.ProtocolException e) {
                fail(c, "protocol", System.nanoTime());
            }
        }
    }

    private void runTimers(long now) {
        LoadConnection c;
        while ((c = timers.peek()) != null && c.wakeAt <= now) {
            timers.poll();
            c.queued = false;
            if (c.channel == null) {
                connect(c, now);
            } else {
                send(c, now);
            }
        }
    }

    private void checkTimeouts(long now) {
        for (LoadConnection c : connections) {
            if (c.connecting && now - c.connectStart > timeoutNanos) {
                fail(c, "connect_timeout", now);
            } else if (c.inFlight && now - c.sent > timeoutNanos) {
                fail(c, "timeout", now);
            }
        }
    }

    private void schedule(LoadConnection c, long at) {
        if (c.queued) {
            return;
        }
        c.wakeAt = at;
        c.queued = true;
        timers.add(c);
    }

    void connect(LoadConnection c, long now) {
        try {
            SocketChannel ch = SocketChannel.open();
            c.channel = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.connecting = true;
            c.connectStart = now;
            c.key = ch.register(selector, 0, c);
            if (ch.connect(address)) {
                c.connecting = false;
                onConnected(c, now);
            } else {
                c.key.interestOps(SelectionKey.OP_CONNECT);
            }
        } catch (IOException e) {
            fail(c, "connect", now);
        }
    }

    private void onConnected(LoadConnection c, long now) throws IOException {
        c.key.interestOps(0);
        if (spec.constantRate() && c.intended > now) {
            schedule(c, c.intended);
        } else {
            send(c, now);
        }
    }

    private void send(LoadConnection c, long now) {
        if (now >= endNanos.get() || stop) {
            return;
        }
        if (spec.constantRate()) {
            if (now - c.intended > LATE_NANOS) {
                counters.late.increment();
            }
        } else {
            c.intended = now;
        }
        c.start(now);
        inFlight++;
        try {
            c.write();
        } catch (IOException e) {
            fail(c, "io", now);
        }
    }

    /** After a finished or failed request: the next one now, at its scheduled time, or after reconnecting. */
    private void next(LoadConnection c, long now, boolean reconnect) {
        if (spec.constantRate()) {
            c.intended += intervalNanos;
        }
        if (reconnect) {
            c.closeQuietly();
            counters.reconnects.increment();
            connect(c, now);
        } else if (spec.constantRate() && c.intended > now) {
            schedule(c, c.intended);
        } else {
            send(c, now);
        }
    }

    void fail(LoadConnection c, String kind, long now) {
        boolean connectError = c.connecting || kind.equals("connect");
        counters.error(kind);
        if (c.inFlight) {
            c.inFlight = false;
            inFlight--;
        }
        c.closeQuietly();
        if (spec.constantRate()) {
            c.intended += intervalNanos;
        }
        long at = connectError ? now + CONNECT_BACKOFF_NANOS : now;
        if (spec.constantRate()) {
            at = Math.max(at, c.intended);
        }
        schedule(c, at);
    }

    void complete(LoadConnection c, long now) {
        c.inFlight = false;
        inFlight--;
        int status = c.parser.status();
        counters.bytes.add(c.parser.bodyBytes());
        if (status < 200 || status > 299) {
            counters.error("status_" + status);
        } else if (spec.stream() && !streamComplete(c)) {
            // counted by streamComplete
        } else {
            counters.completed.increment();
            recorders.latency.recordValue(micros(now - c.intended));
            recorders.rawLatency.recordValue(micros(now - c.sent));
        }
        next(c, now, c.parser.connectionClose());
    }

    private boolean streamComplete(LoadConnection c) {
        if (c.sawError) {
            counters.error("stream_error");
            return false;
        }
        int expected = spec.expectedChunks() > 0 ? spec.expectedChunks() : maxChunksSeen.get();
        if (c.chunks < expected) {
            counters.error("lost_chunk");
            counters.lostChunks.add(expected - c.chunks);
            return false;
        }
        if (!c.sawDone) {
            counters.error("no_done");
            return false;
        }
        maxChunksSeen.accumulateAndGet(c.chunks, Math::max);
        return true;
    }

    /** The server closed an idle keep-alive connection: open a new one. */
    void reopen(LoadConnection c, long now) {
        c.closeQuietly();
        counters.reconnects.increment();
        connect(c, now);
    }

    /** A data event arrived on {@code c} at {@code now}: time to first token or gap since the previous one. */
    void chunk(LoadConnection c, long now) {
        if (c.chunks == 0) {
            recorders.ttft.recordValue(micros(now - c.intended));
        } else {
            recorders.gap.recordValue(micros(now - c.lastEvent));
        }
        counters.chunks.increment();
    }

    private static long micros(long nanos) {
        return Math.max(0, (nanos + 500) / 1000);
    }
}
