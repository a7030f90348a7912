package org.openrouterproxy.core;

import java.io.InputStream;
import java.util.Random;

/** Hands out its bytes in chunks of random (seeded) size, like a network stream, and counts read calls. */
final class ChunkedInputStream extends InputStream {
    private final byte[] data;
    private final Random random;
    private final int maxChunk;
    private int pos;
    int reads;
    boolean closed;

    ChunkedInputStream(byte[] data, long seed, int maxChunk) {
        this.data = data;
        this.random = new Random(seed);
        this.maxChunk = maxChunk;
    }

    @Override
    public int read() {
        throw new AssertionError("single-byte read() must not be used");
    }

    @Override
    public int read(byte[] b, int off, int len) {
        reads++;
        if (pos == data.length) {
            return -1;
        }
        int n = Math.min(Math.min(len, data.length - pos), 1 + random.nextInt(maxChunk));
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
    }
}
