package io.civicpass.vertx;

import io.civicpass.spi.Scheduler;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The asynchronous client's timers as Vert.x timers: a task runs on the event loop of the
 * context that scheduled it (a fresh one when scheduled from outside Vert.x).
 */
final class VertxScheduler implements Scheduler {

    private final Vertx vertx;

    VertxScheduler(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        // Vert.x timers count whole milliseconds, at least one; round up so no wait is cut short.
        long nanos = Math.max(0, delay.toNanos());
        long millis = Math.max(1, (nanos + 999_999) / 1_000_000);
        long id;
        try {
            id = vertx.setTimer(millis, fired -> task.run());
        } catch (RuntimeException closed) {
            // A closed Vert.x refuses timers; the task must still run (it only completes futures,
            // and the closed transport fails them fast) so no caller waits forever. The JDK's
            // shared delay thread runs it: no thread of this transport outlives the close.
            AtomicBoolean cancelled = new AtomicBoolean();
            CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(() -> {
                if (!cancelled.get()) {
                    task.run();
                }
            });
            return () -> cancelled.set(true);
        }
        return () -> vertx.cancelTimer(id);
    }
}
