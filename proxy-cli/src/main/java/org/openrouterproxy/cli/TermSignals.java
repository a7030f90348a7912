package org.openrouterproxy.cli;

import sun.misc.Signal;

/**
 * Takes over SIGTERM and SIGINT so that {@code proxy serve} can drain and then exit with code 0; with the JVM's
 * default handling the process would end with 143/130 whatever the shutdown did. Falls back to the JVM default
 * (shutdown hooks) when the signals cannot be handled, e.g. under {@code -Xrs}.
 */
final class TermSignals {
    private TermSignals() {
    }

    /** Runs {@code onSignal} (on a JVM signal thread) at SIGTERM or SIGINT; false when not possible here. */
    static boolean handle(Runnable onSignal) {
        try {
            Signal.handle(new Signal("TERM"), s -> onSignal.run());
            Signal.handle(new Signal("INT"), s -> onSignal.run());
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }
}
