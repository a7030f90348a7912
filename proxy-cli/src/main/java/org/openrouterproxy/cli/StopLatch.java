package org.openrouterproxy.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a long-running command ({@code serve}, {@code mock-upstream}) in the foreground until it is asked to stop
 * (a signal, JVM shutdown, or a test), and holds JVM shutdown until the command says it has finished stopping.
 */
final class StopLatch {
    private static final int SHUTDOWN_WAIT_SECONDS = 10;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Asks the command to stop; {@link #await} returns. */
    void requestStop() {
        stop.countDown();
    }

    /** Tells a waiting shutdown hook that the command has stopped. */
    void markStopped() {
        stopped.countDown();
    }

    /**
     * Blocks until {@link #requestStop()}. Meanwhile a JVM shutdown hook named {@code hookName} requests the stop
     * and then waits up to {@code drain} plus 10 s for {@link #markStopped()}, so in-flight work can end first.
     */
    void await(String hookName, Duration drain) {
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(drain.toSeconds() + SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, hookName);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running and waits for markStopped()
        }
    }
}
