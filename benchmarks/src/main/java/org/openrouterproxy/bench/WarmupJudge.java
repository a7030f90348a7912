package org.openrouterproxy.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides when a warm-up has reached steady state: the last {@value #WINDOWS} one-second throughput windows lie
 * within {@value #TOLERANCE_PERCENT}% of their mean and the measured JVMs' JIT compilers spent less than
 * {@value #JIT_QUIET_MILLIS} ms over those windows (when their JIT time is readable). Pure: fed one window at a time.
 */
final class WarmupJudge {
    static final int WINDOWS = 3;
    static final double TOLERANCE_PERCENT = 5.0;
    static final double JIT_QUIET_MILLIS = 60.0;

    /** Why the warm-up ended. */
    enum Outcome {
        STEADY("steady: 3 one-second windows within 5%, JIT quiet"),
        CAP("cap reached before steady state"),
        NONE("no warm-up");

        final String text;

        Outcome(String text) {
            this.text = text;
        }
    }

    private record Window(double rate, double jitMillis) {
    }

    private final Deque<Window> windows = new ArrayDeque<>();

    /**
     * Adds one window: its throughput and the JIT milliseconds spent during it (negative: unknown). Returns true
     * when the warm-up may end.
     */
    boolean add(double rate, double jitMillis) {
        windows.addLast(new Window(rate, jitMillis));
        while (windows.size() > WINDOWS) {
            windows.removeFirst();
        }
        return steady();
    }

    boolean steady() {
        if (windows.size() < WINDOWS) {
            return false;
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        double jit = 0;
        boolean jitKnown = true;
        for (Window w : windows) {
            min = Math.min(min, w.rate);
            max = Math.max(max, w.rate);
            sum += w.rate;
            jitKnown &= w.jitMillis >= 0;
            jit += Math.max(0, w.jitMillis);
        }
        double mean = sum / windows.size();
        if (mean <= 0 || (max - min) > mean * TOLERANCE_PERCENT / 100.0) {
            return false;
        }
        return !jitKnown || jit < JIT_QUIET_MILLIS;
    }
}
