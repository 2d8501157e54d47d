package io.civicpass.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a pass's event log.
 *
 * @param type        what happened
 * @param timestamp   when it happened (Civic sends unix seconds)
 * @param transaction the chain transaction, or null when the event has none
 */
public record PassEvent(EventType type, Instant timestamp, Transaction transaction) {

    /**
     * Requires the type and timestamp, which Civic's contract always sends.
     *
     * @param type what happened
     * @param timestamp when it happened (Civic sends unix seconds)
     * @param transaction the chain transaction, or null when the event has none
     */
    public PassEvent {
        Objects.requireNonNull(type, "type == null");
        Objects.requireNonNull(timestamp, "timestamp == null");
    }

    /**
     * The chain transaction, if the event has one.
     *
     * @return the transaction or empty
     */
    public Optional<Transaction> findTransaction() {
        return Optional.ofNullable(transaction);
    }
}
