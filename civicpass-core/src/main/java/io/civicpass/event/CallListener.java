package io.civicpass.event;

import java.util.List;
import java.util.Objects;

/**
 * Told of one call's attempts and of its end; returned by
 * {@link CivicPassListener#callStarted(CallStarted)}, so it may hold that call's state (a span,
 * a timer sample). {@link #callFinished(CallFinished)} is called exactly once, last.
 *
 * @since 0.1.0
 */
public interface CallListener {

    /** A call listener that ignores everything. */
    CallListener NONE = new CallListener() {
    };

    /**
     * An HTTP attempt is about to be handed to the transport (the access token is in hand).
     *
     * @param attempt which attempt, and where it goes
     */
    default void attemptStarted(AttemptStarted attempt) {
    }

    /**
     * An HTTP attempt ended, with what the client does next.
     *
     * @param attempt how it ended
     */
    default void attemptFinished(AttemptFinished attempt) {
    }

    /**
     * The call ended.
     *
     * @param call how it ended
     */
    default void callFinished(CallFinished call) {
    }

    /**
     * A call listener that tells each of {@code listeners} in turn.
     *
     * @param listeners the listeners, in order
     * @return one listener for all
     */
    static CallListener composite(List<CallListener> listeners) {
        List<CallListener> all = List.copyOf(Objects.requireNonNull(listeners, "listeners == null"));
        if (all.size() == 1) {
            return all.get(0);
        }
        return new CallListener() {
            @Override
            public void attemptStarted(AttemptStarted attempt) {
                all.forEach(listener -> listener.attemptStarted(attempt));
            }

            @Override
            public void attemptFinished(AttemptFinished attempt) {
                all.forEach(listener -> listener.attemptFinished(attempt));
            }

            @Override
            public void callFinished(CallFinished call) {
                all.forEach(listener -> listener.callFinished(call));
            }
        };
    }
}
