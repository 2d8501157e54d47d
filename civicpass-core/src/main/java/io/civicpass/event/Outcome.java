package io.civicpass.event;

/**
 * How a call, an attempt or a token fetch ended.
 *
 * @since 0.1.0
 */
public enum Outcome {
    /** It returned its result. */
    SUCCESS,
    /** It failed; the event names the exception type. */
    FAILURE
}
