package io.civicpass.vertx;

import io.civicpass.spi.Scheduler;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The transport's timers as Vert.x timers: a task runs on the event loop of the context that
 * scheduled it, or on the transport's own event-loop context when scheduled from outside Vert.x.
 */
final class VertxScheduler implements Scheduler {

    private final Vertx vertx;
    /** The transport's own event-loop context; null when the Vert.x instance offers none. */
    private final ContextInternal ownContext;

    VertxScheduler(Vertx vertx) {
        this.vertx = vertx;
        this.ownContext = vertx instanceof VertxInternal ? ((VertxInternal) vertx).createEventLoopContext() : null;
    }

    /**
     * The transport's own event-loop context, where work started from outside an event loop can
     * run; null when the Vert.x instance offers none.
     */
    Context ownContext() {
        return ownContext;
    }

    /**
     * Sets a Vert.x timer. From outside Vert.x it goes on the transport's own context: Vert.x
     * would otherwise create a context for every timer, which a timer per call makes a cost.
     *
     * @throws RuntimeException as Vert.x does when the instance is closed
     */
    long setTimer(long millis, Handler<Long> handler) {
        if (ownContext != null && Vertx.currentContext() == null) {
            return ownContext.setTimer(millis, handler);
        }
        return vertx.setTimer(millis, handler);
    }

    /** Cancels a timer from {@link #setTimer}; nothing happens once it has fired. */
    void cancelTimer(long id) {
        vertx.cancelTimer(id);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        // Vert.x timers count whole milliseconds, at least one; round up so no wait is cut short.
        long nanos = Math.max(0, delay.toNanos());
        long millis = Math.max(1, (nanos + 999_999) / 1_000_000);
        long id;
        try {
            id = setTimer(millis, fired -> task.run());
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
        return () -> cancelTimer(id);
    }
}
