package io.civicpass.event;

/**
 * Why an access token was requested.
 *
 * @since 0.1.0
 */
public enum TokenTrigger {
    /** No token was held yet (the client's first call), or the last request failed. */
    COLD,
    /** The held token nears its end: refreshed in the background while still in use. */
    REFRESH_AHEAD,
    /** The held token had expired (or was within its refresh skew) when a call needed one. */
    EXPIRED,
    /** Civic refused the held token (401), so it was dropped. */
    REFUSED
}
