package io.civicpass;

import io.civicpass.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer used by asynchronous clients whose transport brings none: one daemon thread for
 * the whole JVM, created on first use. Tasks only complete futures, so one thread suffices.
 */
final class SharedScheduler implements Scheduler {

    private static final SharedScheduler INSTANCE = new SharedScheduler();

    private final ScheduledThreadPoolExecutor executor;

    private SharedScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "civicpass-timer");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * The shared instance.
     *
     * @return the scheduler
     */
    public static SharedScheduler instance() {
        return INSTANCE;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
