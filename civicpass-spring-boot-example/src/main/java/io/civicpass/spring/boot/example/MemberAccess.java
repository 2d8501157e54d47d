package io.civicpass.spring.boot.example;

import io.civicpass.CivicPassClient;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whether a wallet may enter the members' area: only with a pass that is active and confirmed
 * active on chain. Asks Civic on every check; with {@code civicpass-gate} on the classpath a
 * {@code PassGate} bean caches these verdicts instead.
 */
@Component
public class MemberAccess {

    /** Why a wallet is let in or not. */
    public enum Verdict {
        /** Active, and active on chain. */
        ALLOWED,
        /** Civic shows no pass (or not yet: a new pass shows once the chain confirms it). */
        NOT_FOUND,
        /** A change is not yet confirmed on chain. */
        PENDING,
        /** Frozen. */
        FROZEN,
        /** Revoked. */
        REVOKED,
        /** Any other state. */
        OTHER
    }

    private final CivicPassClient civic;

    /**
     * Access decided over the application's client.
     *
     * @param civic the client bean
     */
    public MemberAccess(CivicPassClient civic) {
        this.civic = civic;
    }

    /**
     * Decides on one wallet's pass.
     *
     * @param key the pass's chain, network and wallet
     * @return the verdict
     */
    public Verdict check(PassKey key) {
        Optional<Pass> found = civic.find(key);
        if (found.isEmpty()) {
            return Verdict.NOT_FOUND;
        }
        Pass pass = found.get();
        Optional<PassState> onChain = pass.knownOnChainState();
        if (onChain.isEmpty() || !onChain.get().equals(pass.state())) {
            return Verdict.PENDING;
        }
        if (pass.state().equals(PassState.ACTIVE)) {
            return Verdict.ALLOWED;
        }
        if (pass.state().equals(PassState.FROZEN)) {
            return Verdict.FROZEN;
        }
        return pass.state().equals(PassState.REVOKED) ? Verdict.REVOKED : Verdict.OTHER;
    }
}
