package io.civicpass;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cancels blocking calls from another thread: set it in {@link CallOptions.Builder#cancellation},
 * make calls through that view of the client, and call {@link #cancel()} to end them; they throw
 * {@link java.util.concurrent.CancellationException}. Once cancelled, always cancelled: calls
 * made with it afterwards fail at once. Thread-safe.
 *
 * @since 0.1.0
 */
public final class CallCancellation {

    private final Set<Runnable> actions = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    private CallCancellation() {
    }

    /**
     * A handle not yet cancelled.
     *
     * @return a new handle
     */
    public static CallCancellation create() {
        return new CallCancellation();
    }

    /** Cancels every call made with this handle that has not ended. Idempotent. */
    public void cancel() {
        cancelled = true;
        for (Runnable action : actions) {
            if (actions.remove(action)) {
                action.run();
            }
        }
    }

    /**
     * Whether {@link #cancel()} was called.
     *
     * @return true once cancelled
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code action} when cancelled (at once if already); returns how to stop listening. */
    Runnable onCancel(Runnable action) {
        Runnable once = action::run; // its own identity, so the same action may be registered twice
        actions.add(once);
        if (cancelled && actions.remove(once)) {
            once.run();
        }
        return () -> actions.remove(once);
    }

    @Override
    public String toString() {
        return "CallCancellation[cancelled=" + isCancelled() + "]";
    }
}
