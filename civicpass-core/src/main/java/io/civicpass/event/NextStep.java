package io.civicpass.event;

/**
 * What a call does after an attempt.
 *
 * @since 0.1.0
 */
public enum NextStep {
    /** The call ends with this attempt's result or failure. */
    END,
    /** Another attempt follows after a backoff. */
    RETRY,
    /**
     * The attempt may have acted but must not be repeated, or must be checked before it is: the
     * call looks the result up instead (an {@code issue} whose response was lost, say).
     */
    RECONCILE,
    /** A retry was due, but the client's retry budget refused it: the call ends with this failure. */
    BUDGET_REFUSED
}
