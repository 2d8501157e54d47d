package io.civicpass.error;

import java.time.Duration;
import java.util.Optional;

/**
 * HTTP 429: Civic asked the client to slow down. Thrown when retries are exhausted or the
 * server's {@code Retry-After} exceeds what the retry policy waits; {@link #retryAfter()} says
 * how long the server asked for.
 */
public class RateLimitedException extends CivicApiException {

    private static final long serialVersionUID = 1L;

    /** The wait the server asked for, or null. */
    private final Duration retryAfter;

    /**
     * The failure.
     *
     * @param method      the request method
     * @param path        the request path
     * @param bodyExcerpt the start of the response body
     * @param requestId   the server's request id, or null
     * @param retryAfter  the wait the server asked for, or null if it did not say
     */
    public RateLimitedException(String method, String path, String bodyExcerpt, String requestId, Duration retryAfter) {
        super(429, method, path, bodyExcerpt, requestId);
        this.retryAfter = retryAfter;
    }

    /**
     * The wait the server asked for in {@code Retry-After}.
     *
     * @return the wait, or empty if the server did not send a usable header
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
