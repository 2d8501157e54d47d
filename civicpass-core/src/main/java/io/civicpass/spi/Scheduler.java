package io.civicpass.spi;

import java.time.Duration;

/**
 * Runs a task once after a delay, without blocking the caller. The asynchronous client waits
 * (retry backoff, confirmation polling, per-request time limits) through this, so a
 * non-blocking transport can supply its own timers (a Vert.x timer, say) and no thread is ever
 * put to sleep. Tasks are short; implementations may run them on an event loop.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Schedules {@code task} to run once after {@code delay}.
     *
     * @param delay how long to wait, zero or more
     * @param task  what to run
     * @return a handle that cancels the task if it has not run yet
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** A handle to a scheduled task. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run yet; does nothing otherwise. */
        void cancel();
    }
}
