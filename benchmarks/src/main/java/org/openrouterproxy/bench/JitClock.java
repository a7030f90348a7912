package org.openrouterproxy.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The JIT compiler time of another HotSpot JVM, read from its performance-data file
 * ({@code /tmp/hsperfdata_<user>/<pid>}, the file {@code jstat -compiler} reads): the counters
 * {@code java.ci.totalTime} (ticks) and {@code sun.os.hrt.frequency} (ticks per second). It tells whether the JIT
 * was still compiling while a benchmark measured. Returns -1 where the file is missing (not HotSpot, or
 * {@code -XX:-UsePerfData}).
 */
public final class JitClock {
    private static final int MAGIC = 0xcafec0c0;

    private JitClock() {
    }

    /** Milliseconds the JIT compilers of process {@code pid} have spent so far, or -1 when unreadable. */
    public static double compileMillis(long pid) {
        Map<String, Long> c = counters(pid);
        Long ticks = c.getOrDefault("java.ci.totalTime", c.get("sun.ci.totalTime"));
        Long hz = c.get("sun.os.hrt.frequency");
        if (ticks == null || hz == null || hz <= 0) {
            return -1;
        }
        return ticks * 1000.0 / hz;
    }

    /** The long-valued counters of process {@code pid}'s hsperfdata file; empty when there is none. */
    static Map<String, Long> counters(long pid) {
        Path file = findFile(pid);
        if (file == null) {
            return Map.of();
        }
        try {
            return parse(ByteBuffer.wrap(Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    private static Path findFile(long pid) {
        Path tmp = Path.of("/tmp");
        try (var dirs = Files.newDirectoryStream(tmp, "hsperfdata_*")) {
            for (Path d : dirs) {
                Path f = d.resolve(Long.toString(pid));
                if (Files.isRegularFile(f)) {
                    return f;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** Parses the PerfData v2 layout: a prologue, then entries of (length, name offset, type, data offset). */
    static Map<String, Long> parse(ByteBuffer b) {
        if (b.getInt(0) != MAGIC) {
            return Map.of();
        }
        b.order(b.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int entryOffset = b.getInt(24);
        int entries = b.getInt(28);
        Map<String, Long> out = new HashMap<>();
        int at = entryOffset;
        for (int i = 0; i < entries && at + 20 <= b.limit(); i++) {
            int length = b.getInt(at);
            int nameOffset = b.getInt(at + 4);
            int vectorLength = b.getInt(at + 8);
            byte type = b.get(at + 12);
            int dataOffset = b.getInt(at + 16);
            if (length <= 0) {
                break;
            }
            if (type == 'J' && vectorLength == 0) {
                out.put(name(b, at + nameOffset), b.getLong(at + dataOffset));
            }
            at += length;
        }
        return out;
    }

    private static String name(ByteBuffer b, int from) {
        int end = from;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - from];
        b.get(from, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
