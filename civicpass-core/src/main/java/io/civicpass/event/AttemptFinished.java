package io.civicpass.event;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP attempt of a call ended.
 *
 * @param operation       the call's operation
 * @param attempt         1 for the first attempt, 2 for the first retry, ...
 * @param method          the HTTP method
 * @param pathTemplate    the templated path, for example {@code /pass/{chain}/{chainNetwork}/{wallet}}
 * @param status          the HTTP status, or 0 when no response came
 * @param duration        from handing the request to the transport to its end
 * @param outcome         whether the attempt's response was used
 * @param errorType       the simple name of the exception it failed with, if it failed
 * @param mayHaveBeenSent whether the request may have reached Civic (true when a response came)
 * @param requestId       the request id Civic gave in its response headers, if any: quote it to
 *                        Civic's support; unique per request, so never a meter tag
 * @param next            what the call does next
 * @param retryReason     why another attempt follows, when {@code next} is {@link NextStep#RETRY}
 * @param backoff         the wait before that attempt, when {@code next} is {@link NextStep#RETRY}
 * @since 0.1.0
 */
public record AttemptFinished(String operation, int attempt, String method, String pathTemplate, int status,
                              Duration duration, Outcome outcome, Optional<String> errorType,
                              boolean mayHaveBeenSent, Optional<String> requestId, NextStep next,
                              Optional<RetryReason> retryReason, Optional<Duration> backoff) {

    /**
     * Checks the fields.
     *
     * @param operation       the call's operation
     * @param attempt         the attempt number
     * @param method          the HTTP method
     * @param pathTemplate    the templated path
     * @param status          the status, 0 for none
     * @param duration        how long it took
     * @param outcome         success or failure
     * @param errorType       the exception's simple name
     * @param mayHaveBeenSent whether it may have reached Civic
     * @param requestId       Civic's request id
     * @param next            what follows
     * @param retryReason     why a retry follows
     * @param backoff         the wait before the retry
     */
    public AttemptFinished {
        Objects.requireNonNull(operation, "operation == null");
        Objects.requireNonNull(method, "method == null");
        Objects.requireNonNull(pathTemplate, "pathTemplate == null");
        Objects.requireNonNull(duration, "duration == null");
        Objects.requireNonNull(outcome, "outcome == null");
        Objects.requireNonNull(errorType, "errorType == null");
        Objects.requireNonNull(requestId, "requestId == null");
        Objects.requireNonNull(next, "next == null");
        Objects.requireNonNull(retryReason, "retryReason == null");
        Objects.requireNonNull(backoff, "backoff == null");
    }
}
