package io.civicpass.event;

import java.util.Objects;

/**
 * An HTTP attempt of a call is handed to the transport.
 *
 * @param operation    the call's operation
 * @param attempt      1 for the first attempt, 2 for the first retry, ...
 * @param method       the HTTP method
 * @param pathTemplate the path below the API base with its variables unfilled, for example
 *                     {@code /pass/{chain}/{chainNetwork}/{wallet}}
 * @since 0.1.0
 */
public record AttemptStarted(String operation, int attempt, String method, String pathTemplate) {

    /**
     * Checks the fields.
     *
     * @param operation    the call's operation
     * @param attempt      the attempt number
     * @param method       the HTTP method
     * @param pathTemplate the templated path
     */
    public AttemptStarted {
        Objects.requireNonNull(operation, "operation == null");
        Objects.requireNonNull(method, "method == null");
        Objects.requireNonNull(pathTemplate, "pathTemplate == null");
    }
}
