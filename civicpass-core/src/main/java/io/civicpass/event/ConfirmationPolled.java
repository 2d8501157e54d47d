package io.civicpass.event;

import java.time.Duration;
import java.util.Objects;

/**
 * One look at a pass while awaiting its confirmation ended.
 *
 * @param poll    1 for the first look, 2 for the second, ...
 * @param result  what it found
 * @param elapsed time since the wait began
 * @since 0.1.0
 */
public record ConfirmationPolled(int poll, Result result, Duration elapsed) {

    /**
     * Checks the fields.
     *
     * @param poll    the poll number
     * @param result  what it found
     * @param elapsed time since the wait began
     */
    public ConfirmationPolled {
        Objects.requireNonNull(result, "result == null");
        Objects.requireNonNull(elapsed, "elapsed == null");
    }

    /** What one poll found. */
    public enum Result {
        /** No pass is shown yet: a new pass appears once its issuance confirms. */
        NOT_FOUND,
        /** The pass is shown, with a change not yet confirmed on chain. */
        PENDING,
        /** Confirmed: the wait ends with the pass. */
        CONFIRMED,
        /** The latest change's chain transaction failed: the wait ends with that failure. */
        FAILED,
        /** The poll could not be made (a timeout, say); the wait goes on if time is left. */
        ERROR
    }
}
