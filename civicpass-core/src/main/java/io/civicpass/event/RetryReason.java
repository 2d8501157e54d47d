package io.civicpass.event;

/**
 * Why a failed attempt is followed by another.
 *
 * @since 0.1.0
 */
public enum RetryReason {
    /** Civic answered 502, 503 or 504. */
    SERVER_ERROR,
    /** Civic answered 429. */
    RATE_LIMITED,
    /** The attempt timed out. */
    TIMEOUT,
    /** The connection could not be made or broke. */
    CONNECTION,
    /** Civic refused the access token (401): a new one is fetched and the attempt repeated. */
    TOKEN_REFUSED
}
