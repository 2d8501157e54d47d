package io.civicpass.error;

import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import java.time.Duration;
import java.util.Optional;

/**
 * A wait for on-chain confirmation ran out of time. The action may still confirm later.
 */
public class ConfirmationTimeoutException extends CivicPassException {

    private static final long serialVersionUID = 1L;

    private final transient Pass lastSeen;

    /**
     * The failure.
     *
     * @param key      the pass waited for
     * @param waited   how long the client waited
     * @param lastSeen the pass as last read, or null if it never appeared
     */
    public ConfirmationTimeoutException(PassKey key, Duration waited, Pass lastSeen) {
        super("pass " + key + " was not confirmed on chain within " + waited
                + (lastSeen == null ? " (it has not appeared yet)"
                        : " (state " + lastSeen.state() + ", on chain " + lastSeen.onChainState() + ")"));
        this.lastSeen = lastSeen;
    }

    /**
     * The pass as last read before giving up.
     *
     * @return the pass, or empty if it never appeared
     */
    public Optional<Pass> lastSeen() {
        return Optional.ofNullable(lastSeen);
    }
}
