package io.civicpass;

import io.civicpass.model.PassKey;
import io.civicpass.model.PassUpdate;

import java.util.Objects;
import java.util.Optional;

/**
 * A change to a pass that this client asked Civic for and Civic accepted (or may have accepted:
 * see {@link PassChangeListener}), as told to each {@link PassChangeListener}. It carries the
 * domain values a cache needs to drop or bound what it holds, and nothing else.
 *
 * @param key    the pass that changed: chain, network and wallet
 * @param kind   what the client asked for
 * @param update the state and/or expiry that was set, for {@link Kind#UPDATED}; null otherwise
 */
public record PassChange(PassKey key, Kind kind, PassUpdate update) {

    /** What the client asked Civic to do to the pass. */
    public enum Kind {
        /** {@code issue}: a pass was requested for the wallet (it may still be pending on chain). */
        ISSUED,
        /** {@code freeze}, {@code unfreeze}, {@code expireAt}, {@code forceRefresh} or {@code update}. */
        UPDATED,
        /** {@code revoke}: final. */
        REVOKED
    }

    /**
     * Checks the parts agree.
     *
     * @param key    the pass that changed
     * @param kind   what the client asked for
     * @param update the state and/or expiry set, required for {@link Kind#UPDATED} and refused otherwise
     * @throws NullPointerException when key or kind is null, or update is null for an update
     * @throws IllegalArgumentException when an update is given for an issue or a revoke
     */
    public PassChange {
        Objects.requireNonNull(key, "key == null");
        Objects.requireNonNull(kind, "kind == null");
        if (kind == Kind.UPDATED) {
            Objects.requireNonNull(update, "update == null");
        } else if (update != null) {
            throw new IllegalArgumentException("update must be null for kind " + kind);
        }
    }

    /**
     * The update that was sent, for {@link Kind#UPDATED}.
     *
     * @return the state and/or expiry set, or empty for an issue or a revoke
     */
    public Optional<PassUpdate> findUpdate() {
        return Optional.ofNullable(update);
    }
}
