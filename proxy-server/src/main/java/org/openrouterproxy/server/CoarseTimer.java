package org.openrouterproxy.server;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A timer for deadlines that are nearly always cancelled long before they are due (a request body that arrived,
 * a JSON request that answered within a second). Scheduling appends to a lock-free queue and cancelling flips a
 * flag, so neither wakes a thread; one daemon thread looks at the queue once per {@code tick}, drops cancelled
 * tasks and runs the due ones. A {@link java.util.concurrent.ScheduledThreadPoolExecutor} does a heap insert, a
 * lock and a thread signal per schedule and per cancel, which cost the proxy about 5 % of its CPU at 10k requests
 * per second. Deadlines fire up to one tick late. Actions run on the timer thread and must only hand work on.
 */
public final class CoarseTimer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CoarseTimer.class.getName());

    private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
    private final long tickNanos;
    private final Thread thread;
    private volatile boolean closed;

    /** Starts the timer's daemon thread {@code name}, which looks at the tasks every {@code tick}. */
    public CoarseTimer(String name, Duration tick) {
        this.tickNanos = tick.toNanos();
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::loop);
        thread.start();
    }

    /** Runs {@code action} on the timer thread about {@code delayNanos} from now unless cancelled first. */
    public Task schedule(Runnable action, long delayNanos) {
        if (closed) {
            throw new RejectedExecutionException("timer closed");
        }
        Task t = new Task(action, System.nanoTime() + delayNanos);
        tasks.add(t);
        return t;
    }

    /** Tasks waiting (cancelled ones until the next tick drops them). */
    public int size() {
        return tasks.size();
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    private void loop() {
        while (!closed) {
            LockSupport.parkNanos(tickNanos);
            long now = System.nanoTime();
            for (Iterator<Task> it = tasks.iterator(); it.hasNext(); ) {
                Task t = it.next();
                if (t.state.get() != Task.WAITING) {
                    it.remove();
                } else if (now - t.due >= 0) {
                    it.remove();
                    t.fire();
                }
            }
        }
        tasks.clear();
    }

    /** One scheduled action. */
    public static final class Task {
        private static final int WAITING = 0;
        private static final int CANCELLED = 1;
        private static final int FIRED = 2;

        private final Runnable action;
        private final long due;
        private final AtomicInteger state = new AtomicInteger(WAITING);

        private Task(Runnable action, long due) {
            this.action = action;
            this.due = due;
        }

        /** Stops the task; true when it had not fired yet (it never will). */
        public boolean cancel() {
            return state.compareAndSet(WAITING, CANCELLED);
        }

        private void fire() {
            if (!state.compareAndSet(WAITING, FIRED)) {
                return;
            }
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "timer task failed", e);
            }
        }
    }
}
