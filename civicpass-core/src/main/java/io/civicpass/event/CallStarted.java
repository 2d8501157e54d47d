package io.civicpass.event;

import java.util.Objects;

/**
 * A public call starts.
 *
 * @param operation the operation's name: {@code find}, {@code issue}, {@code freeze}, {@code list}, ...
 * @since 0.1.0
 */
public record CallStarted(String operation) {

    /**
     * Checks the fields.
     *
     * @param operation the operation's name
     */
    public CallStarted {
        Objects.requireNonNull(operation, "operation == null");
    }
}
