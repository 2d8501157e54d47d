package io.civicpass.event;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A public call ended.
 *
 * @param operation the operation
 * @param outcome   whether it returned its result
 * @param errorType the simple name of the exception it failed with, if it failed
 * @param duration  from the call's start to its end, token fetch, backoff and lookups included
 * @param attempts  the HTTP attempts it made (0 when it failed before the first, for want of a token)
 * @param requestId the request id of the last response, if Civic gave one
 * @since 0.1.0
 */
public record CallFinished(String operation, Outcome outcome, Optional<String> errorType, Duration duration,
                           int attempts, Optional<String> requestId) {

    /**
     * Checks the fields.
     *
     * @param operation the operation
     * @param outcome   success or failure
     * @param errorType the exception's simple name
     * @param duration  how long it took
     * @param attempts  the attempts made
     * @param requestId the last request id
     */
    public CallFinished {
        Objects.requireNonNull(operation, "operation == null");
        Objects.requireNonNull(outcome, "outcome == null");
        Objects.requireNonNull(errorType, "errorType == null");
        Objects.requireNonNull(duration, "duration == null");
        Objects.requireNonNull(requestId, "requestId == null");
    }
}
