package io.civicpass.event;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An access token request ended.
 *
 * @param trigger   why it was made
 * @param outcome   whether a token came back
 * @param errorType the simple name of the exception it failed with, if it failed
 * @param duration  how long it took
 * @since 0.1.0
 */
public record TokenFetched(TokenTrigger trigger, Outcome outcome, Optional<String> errorType, Duration duration) {

    /**
     * Checks the fields.
     *
     * @param trigger   why
     * @param outcome   success or failure
     * @param errorType the exception's simple name
     * @param duration  how long it took
     */
    public TokenFetched {
        Objects.requireNonNull(trigger, "trigger == null");
        Objects.requireNonNull(outcome, "outcome == null");
        Objects.requireNonNull(errorType, "errorType == null");
        Objects.requireNonNull(duration, "duration == null");
    }
}
