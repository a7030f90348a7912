package org.openrouterproxy.core;

import java.util.Arrays;

/**
 * A list of edits on a byte array, in ascending order: deleted ranges and inserted byte strings. {@link #apply}
 * copies every untouched byte range verbatim, so everything outside the edited spots stays byte-identical.
 */
final class ByteEdits {
    private static final int MAX_INSERTS = 8;

    private int[] deletions = new int[0];
    private int deletionCount;
    private final int[] insertAt = new int[MAX_INSERTS];
    private final byte[][] inserts = new byte[MAX_INSERTS][];
    private int insertCount;

    /** Deletes {@code [start, end)}; ranges must come in ascending order (touching or overlapping ones merge). */
    void delete(int start, int end) {
        if (end <= start) {
            return;
        }
        if (deletionCount > 0) {
            int last = (deletionCount - 1) * 2;
            if (start < deletions[last]) {
                throw new IllegalStateException("deletions out of order");
            }
            if (start <= deletions[last + 1]) {
                deletions[last + 1] = Math.max(end, deletions[last + 1]);
                return;
            }
        }
        if (deletionCount * 2 == deletions.length) {
            deletions = Arrays.copyOf(deletions, Math.max(8, deletions.length * 2));
        }
        deletions[deletionCount * 2] = start;
        deletions[deletionCount * 2 + 1] = end;
        deletionCount++;
    }

    /** Inserts {@code bytes} before the byte at {@code at}; any order, at most a handful. */
    void insert(int at, byte[] bytes) {
        if (insertCount == MAX_INSERTS) {
            throw new IllegalStateException("too many insertions");
        }
        int i = insertCount++;
        while (i > 0 && insertAt[i - 1] > at) {
            insertAt[i] = insertAt[i - 1];
            inserts[i] = inserts[i - 1];
            i--;
        }
        insertAt[i] = at;
        inserts[i] = bytes;
    }

    boolean isEmpty() {
        return deletionCount == 0 && insertCount == 0;
    }

    /** A new array: {@code source} with the edits applied. Insertions at a deletion's start go first. */
    byte[] apply(byte[] source) {
        int length = source.length;
        for (int d = 0; d < deletionCount; d++) {
            length -= deletions[d * 2 + 1] - deletions[d * 2];
        }
        for (int i = 0; i < insertCount; i++) {
            length += inserts[i].length;
        }
        byte[] out = new byte[length];
        int src = 0;
        int dst = 0;
        int d = 0;
        int i = 0;
        while (d < deletionCount || i < insertCount) {
            boolean insertNext = i < insertCount && (d >= deletionCount || insertAt[i] <= deletions[d * 2]);
            int at = insertNext ? insertAt[i] : deletions[d * 2];
            if (at < src) {
                throw new IllegalStateException("overlapping edits at " + at);
            }
            System.arraycopy(source, src, out, dst, at - src);
            dst += at - src;
            if (insertNext) {
                byte[] bytes = inserts[i++];
                System.arraycopy(bytes, 0, out, dst, bytes.length);
                dst += bytes.length;
                src = at;
            } else {
                src = deletions[d * 2 + 1];
                d++;
            }
        }
        System.arraycopy(source, src, out, dst, source.length - src);
        return out;
    }
}
