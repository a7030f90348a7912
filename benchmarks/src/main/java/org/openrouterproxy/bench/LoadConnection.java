package org.openrouterproxy.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive connection of a {@link LoadWorker} and the state of its request in flight: writes the shared
 * request bytes, feeds what it reads to the response parser (and, when streaming, the SSE event counter), and hands
 * completions, failures and data events back to its worker. Used only by the worker's selector thread.
 */
final class LoadConnection implements HttpResponseParser.BodySink, SseEventCounter.Listener {
    final int index;
    final HttpResponseParser parser = new HttpResponseParser();
    private final LoadWorker worker;
    private final ByteBuffer out;
    private final SseEventCounter sse = new SseEventCounter();
    private final boolean stream;
    private final boolean head;
    SocketChannel channel;
    SelectionKey key;
    boolean connecting;
    boolean inFlight;
    boolean queued;
    long connectStart;
    long wakeAt;
    long intended;
    long sent;
    long lastEvent;
    int chunks;
    boolean sawDone;
    boolean sawError;
    private long readAt;

    LoadConnection(LoadWorker worker, int index, ByteBuffer request, boolean stream, boolean head) {
        this.worker = worker;
        this.index = index;
        this.out = request.duplicate();
        this.stream = stream;
        this.head = head;
    }

    void start(long now) {
        sent = now;
        inFlight = true;
        chunks = 0;
        sawDone = false;
        sawError = false;
        out.position(0);
        parser.reset(this, head);
        sse.reset(this);
    }

    void write() throws IOException {
        channel.write(out);
        key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** Reads what is there into the worker's shared buffer and parses it. */
    void read(ByteBuffer readBuffer, byte[] readBuf) throws IOException, HttpResponseParser.ProtocolException {
        while (true) {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            readAt = System.nanoTime();
            if (n < 0) {
                endOfStream();
                return;
            }
            if (n == 0) {
                return;
            }
            if (!inFlight) {
                worker.fail(this, "unexpected_data", readAt);
                return;
            }
            parser.feed(readBuf, 0, n);
            if (parser.done()) {
                worker.complete(this, readAt);
                return;
            }
        }
    }

    private void endOfStream() {
        if (!inFlight) {
            worker.reopen(this, readAt);
            return;
        }
        if (parser.readsUntilClose()) {
            parser.finishAtClose();
            worker.complete(this, readAt);
            return;
        }
        worker.fail(this, stream && parser.status() == 200 ? "truncated_stream" : "closed", readAt);
    }

    @Override
    public void onBody(byte[] buf, int off, int len) {
        if (stream) {
            sse.feed(buf, off, len);
        }
    }

    @Override
    public void onEvent(SseEventCounter.Kind kind) {
        switch (kind) {
            case DONE -> sawDone = true;
            case ERROR -> sawError = true;
            case CHUNK -> {
                worker.chunk(this, readAt);
                lastEvent = readAt;
                chunks++;
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    void closeQuietly() {
        connecting = false;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            channel = null;
            key = null;
        }
    }
}
