package io.civicpass.model;

import java.util.Objects;
import java.time.Instant;
import java.util.Optional;

/**
 * A change to a pass: a new state (freeze or unfreeze), a new expiry, or both.
 *
 * @param state  {@link PassState#FROZEN} or {@link PassState#ACTIVE}, or null to keep the state
 * @param expiry the new expiry, or null to keep it; must be in the future when sent
 */
public record PassUpdate(PassState state, Instant expiry) {

    /**
     * Checks the update is meaningful.
     *
     * @param state {@link PassState#FROZEN} or {@link PassState#ACTIVE}, or null to keep the state
     * @param expiry the new expiry, or null to keep it; must be in the future when sent
     * @throws IllegalArgumentException when both parts are null or the state is not ACTIVE or
     * FROZEN (revoking has its own call)
     */
    public PassUpdate {
        if (state == null && expiry == null) {
            throw new IllegalArgumentException("update must set state or expiryTimestamp, both were null");
        }
        if (state != null && !state.equals(PassState.ACTIVE) && !state.equals(PassState.FROZEN)) {
            throw new IllegalArgumentException("state '" + state + "' cannot be set by an update; only ACTIVE or FROZEN"
                    + (PassState.REVOKED.equals(state) ? " (use revoke)" : ""));
        }
    }

    /**
     * Freezes the pass.
     *
     * @return an update setting the state to FROZEN
     */
    public static PassUpdate freeze() {
        return new PassUpdate(PassState.FROZEN, null);
    }

    /**
     * Unfreezes the pass.
     *
     * @return an update setting the state to ACTIVE
     */
    public static PassUpdate unfreeze() {
        return new PassUpdate(PassState.ACTIVE, null);
    }

    /**
     * Moves the pass's expiry.
     *
     * @param expiry the new expiry (Civic keeps whole seconds)
     * @return an update setting the expiry
     */
    public static PassUpdate expireAt(Instant expiry) {
        Objects.requireNonNull(expiry, "expiryTimestamp == null");
        return new PassUpdate(null, expiry);
    }

    /**
     * The state to set, if any.
     *
     * @return the state or empty
     */
    public Optional<PassState> findState() {
        return Optional.ofNullable(state);
    }

    /**
     * The expiry to set, if any.
     *
     * @return the expiry or empty
     */
    public Optional<Instant> findExpiry() {
        return Optional.ofNullable(expiry);
    }
}
