package org.openrouterproxy.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.openrouterproxy.core.ProxyError;

/**
 * A shared bound on the bytes the proxy holds in memory for whole request and response bodies
 * ({@code PROXY_MAX_BUFFERED_BYTES}). Each request gets a {@link Lease}; room is reserved before a body is
 * read (its declared length, or step by step as a chunked body arrives) and the whole lease is given back when
 * the request ends. A reservation that cannot be met at once fails with 503 {@code overloaded}: nobody waits.
 * One instance per server; thread-safe.
 */
final class BodyBudget {
    /** The error code of a request refused for lack of buffer room (answered with {@code Retry-After: 1}). */
    static final String OVERLOADED = "overloaded";
    /** Chat bodies count twice: the body as read plus the rewritten copy with cache markers. */
    static final int CHAT_FACTOR = 2;
    /** Upstream JSON answers count twice: the growing read buffer is copied when it doubles and when trimmed. */
    static final int RESPONSE_FACTOR = 2;
    /** Bodies of unknown length reserve this much ahead of the bytes read so far. */
    static final int STEP = 64 * 1024;

    private final long capacity;
    private final AtomicLong reserved = new AtomicLong();
    private final GuardMetrics metrics;

    BodyBudget(long capacity, GuardMetrics metrics) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.metrics = metrics;
    }

    /** The default capacity: 40% of the heap the JVM may grow to. */
    static long defaultCapacity() {
        return Runtime.getRuntime().maxMemory() / 5 * 2;
    }

    long capacity() {
        return capacity;
    }

    /** Bytes reserved now by all requests together. */
    long reserved() {
        return reserved.get();
    }

    /** A fresh, empty lease for one request. */
    Lease lease() {
        return new Lease(this);
    }

    private boolean tryReserve(long n) {
        while (true) {
            long cur = reserved.get();
            if (cur + n > capacity) {
                return false;
            }
            if (reserved.compareAndSet(cur, cur + n)) {
                return true;
            }
        }
    }

    /** Appends the reserved-bytes gauge and the capacity to a Prometheus text exposition. */
    void render(StringBuilder sb) {
        sb.append("# HELP proxy_buffered_bytes Bytes reserved now for request and response bodies held in memory.\n");
        sb.append("# TYPE proxy_buffered_bytes gauge\n");
        sb.append("proxy_buffered_bytes ").append(reserved.get()).append('\n');
        sb.append("# HELP proxy_buffered_bytes_limit The bound on buffered body bytes (PROXY_MAX_BUFFERED_BYTES).\n");
        sb.append("# TYPE proxy_buffered_bytes_limit gauge\n");
        sb.append("proxy_buffered_bytes_limit ").append(capacity).append('\n');
    }

    /**
     * The bytes one request holds. Used by that request's thread only; {@link #close()} gives everything back
     * and may be called more than once. A lease without a budget (requests outside {@code /v1}) reserves nothing.
     */
    static final class Lease implements AutoCloseable {
        private final BodyBudget budget;
        private long held;
        /** Set by {@link #close()}: a read still running after its request ended must not reserve again. */
        private boolean closed;

        private Lease(BodyBudget budget) {
            this.budget = budget;
        }

        /** A lease that never reserves anything (no budget applies). */
        static Lease unmetered() {
            return new Lease(null);
        }

        synchronized long held() {
            return held;
        }

        /**
         * Reserves room for a request body of {@code declared} bytes ({@code factor} copies) before reading it; an
         * undeclared length reserves nothing yet: read through {@link #meterRequest}.
         *
         * @throws ProxyError 503 when the room is not free now; 413 when the body could never fit the budget
         */
        void reserveRequest(OptionalLong declared, int factor) {
            if (declared.isPresent()) {
                reserve(declared.getAsLong() * factor, true);
            }
        }

        /** {@code in} as is when the length was declared (already reserved), else reserving as bytes arrive. */
        InputStream meterRequest(InputStream in, OptionalLong declared, int factor) {
            return budget == null || declared.isPresent() ? in : new Metered(in, factor, true);
        }

        /**
         * Reserves room for an upstream answer of {@code declared} bytes, or returns a stream that reserves as the
         * bytes arrive when the length is unknown.
         *
         * @throws ProxyError 503 when the room is not free now; 502 when the answer could never fit the budget
         */
        InputStream meterResponse(InputStream in, OptionalLong declared) {
            if (budget == null) {
                return in;
            }
            if (declared.isPresent()) {
                reserve(declared.getAsLong() * RESPONSE_FACTOR, false);
                return in;
            }
            return new Metered(in, RESPONSE_FACTOR, false);
        }

        private synchronized void reserve(long n, boolean request) {
            if (budget == null || n <= 0) {
                return;
            }
            if (closed) {
                throw new ProxyError(503, "server_error", OVERLOADED, "request already ended; body no longer read");
            }
            if (held + n > budget.capacity) {
                budget.metrics.rejectedForMemory();
                throw request ? new ProxyError(413, "invalid_request_error", "request_too_large",
                        "request body needs " + (held + n) + " bytes of buffer, more than the proxy's whole "
                                + SettingKeys.MAX_BUFFERED_BYTES + " (" + budget.capacity + ")")
                        : new ProxyError(502, "upstream_error", "upstream_body_too_large",
                                "upstream response is larger than " + SettingKeys.MAX_BUFFERED_BYTES + " allows");
            }
            if (!budget.tryReserve(n)) {
                budget.metrics.rejectedForMemory();
                throw new ProxyError(503, "server_error", OVERLOADED,
                        "proxy is low on buffer memory (" + SettingKeys.MAX_BUFFERED_BYTES + "); retry shortly");
            }
            held += n;
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (budget != null && held > 0) {
                budget.reserved.addAndGet(-held);
                held = 0;
            }
        }

        /** Reserves {@code factor} bytes per byte read, {@link #STEP} bytes ahead, before handing the bytes out. */
        private final class Metered extends FilterInputStream {
            private final int factor;
            private final boolean request;
            private long read;
            private long covered;

            Metered(InputStream in, int factor, boolean request) {
                super(in);
                this.factor = factor;
                this.request = request;
            }

            @Override
            public int read() throws IOException {
                cover(1);
                int b = super.read();
                if (b >= 0) {
                    read++;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                cover(Math.min(len, STEP));
                int n = super.read(b, off, Math.min(len, STEP));
                if (n > 0) {
                    read += n;
                }
                return n;
            }

            private void cover(int next) {
                if (read + next > covered) {
                    long grow = Math.max(STEP, read + next - covered);
                    reserve(grow * factor, request);
                    covered += grow;
                }
            }
        }
    }
}
