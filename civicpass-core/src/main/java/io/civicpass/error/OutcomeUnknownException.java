package io.civicpass.error;

import io.civicpass.model.PassKey;

import java.util.Objects;

/**
 * An {@code issue} whose request may have reached Civic, whose pass has not appeared within
 * the reconcile window. Civic may or may not be issuing it; the client did not send the request
 * again, so it cannot have issued two.
 *
 * <p>To settle it: wait with {@code awaitConfirmed(key, timeout)}, which returns the pass once
 * Civic shows it; or call {@code issue(key)} again, which is safe: if the first attempt took
 * effect Civic refuses the second and the client returns the existing pass. The cause is the
 * failure that left the outcome unknown.
 */
public class OutcomeUnknownException extends CivicPassException {

    private static final long serialVersionUID = 1L;

    /** The pass whose issuance is in doubt. */
    private final transient PassKey key;

    /**
     * The failure.
     *
     * @param key   the pass
     * @param cause the failure after which the outcome is unknown
     */
    public OutcomeUnknownException(PassKey key, CivicPassException cause) {
        super("issue of " + Objects.requireNonNull(key, "key == null") + " may or may not have taken effect ("
                + cause.getMessage() + "); it was not sent again. Settle it with awaitConfirmed(key, timeout),"
                + " or call issue(key) again, which returns the pass if it exists", cause);
        this.key = key;
    }

    /**
     * The pass whose issuance is in doubt.
     *
     * @return the key
     */
    public PassKey key() {
        return key;
    }
}
