package org.openrouterproxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Resident memory and CPU time of a process, read from {@code /proc} (Linux); empty where unavailable. */
public final class ProcStats {
    /** Kernel clock ticks per second for {@code /proc/<pid>/stat}; 100 on every common Linux configuration. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /**
     * One reading.
     *
     * @param pid        the process
     * @param rssBytes   resident set size
     * @param cpuSeconds user plus system CPU time since the process started
     */
    public record Sample(long pid, long rssBytes, double cpuSeconds) {
    }

    /** Reads the process now, or returns null when it or /proc is not there. */
    public static Sample sample(long pid) {
        try {
            long rss = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces
            List<String> f = List.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+"));
            double cpu = (Long.parseLong(f.get(11)) + Long.parseLong(f.get(12))) / TICKS_PER_SECOND;
            return new Sample(pid, rss, cpu);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
