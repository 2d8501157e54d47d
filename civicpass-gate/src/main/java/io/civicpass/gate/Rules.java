package io.civicpass.gate;

import io.civicpass.model.Chain;
import io.civicpass.model.EventType;
import io.civicpass.model.Pass;
import io.civicpass.model.PassEvent;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.model.WalletAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The table of {@link PassGate}'s documentation, as code: Civic's answer to the kind of verdict. */
final class Rules {

    /** Civic's documents speak of an EXPIRED status that its state enum lacks. */
    private static final String EXPIRED_WORD = "EXPIRED";
    private static final Set<EventType> STATE_EVENTS = Set.of(
            EventType.TOKEN_ISSUED_INITIATED, EventType.TOKEN_ISSUED,
            EventType.TOKEN_FROZEN_INITIATED, EventType.TOKEN_FROZEN,
            EventType.TOKEN_UNFROZEN_INITIATED, EventType.TOKEN_UNFROZEN,
            EventType.TOKEN_REVOKED_INITIATED, EventType.TOKEN_REVOKED);

    private final boolean allowPendingUnfreeze;

    Rules(boolean allowPendingUnfreeze) {
        this.allowPendingUnfreeze = allowPendingUnfreeze;
    }

    /**
     * The key in the form the gate caches it under: an EVM wallet in lowercase, since its letter
     * case is only a checksum.
     */
    static PassKey canonical(PassKey key) {
        WalletAddress wallet = key.wallet();
        String canonical = wallet.canonical();
        return canonical.equals(wallet.value()) ? key
                : new PassKey(key.chain(), key.network(), new WalletAddress(key.chain(), canonical));
    }

    /**
     * The kind of verdict for what Civic answered, before any expiry this client set (which the
     * gate applies when it serves the verdict).
     */
    Verdict.Kind judge(PassKey key, Optional<Pass> found) {
        if (found.isEmpty()) {
            return Verdict.Kind.NOT_FOUND;
        }
        Pass pass = found.get();
        if (!sameKey(key, pass)) {
            return Verdict.Kind.UNKNOWN;
        }
        PassState state = pass.state();
        PassState onChain = pass.onChainState();
        if (EXPIRED_WORD.equals(state.value()) || onChain != null && EXPIRED_WORD.equals(onChain.value())) {
            return Verdict.Kind.EXPIRED;
        }
        if (!state.isKnown() || onChain != null && !onChain.isKnown()
                || PassState.REJECTED.equals(state) || PassState.REJECTED.equals(onChain)) {
            return Verdict.Kind.UNKNOWN;
        }
        if (PassState.REQUESTED.equals(state) || onChain == null) {
            return Verdict.Kind.PENDING;
        }
        if (!state.equals(onChain)) {
            return allowPendingUnfreeze && isPendingUnfreeze(pass) ? Verdict.Kind.ALLOWED : Verdict.Kind.PENDING;
        }
        if (PassState.ACTIVE.equals(state)) {
            return Verdict.Kind.ALLOWED;
        }
        if (PassState.FROZEN.equals(state)) {
            return Verdict.Kind.FROZEN;
        }
        if (PassState.REVOKED.equals(state)) {
            return Verdict.Kind.REVOKED;
        }
        return Verdict.Kind.PENDING; // REQUESTED on chain too
    }

    /** Civic's answer is for the key asked about: same chain, network and wallet (EVM case aside). */
    private static boolean sameKey(PassKey key, Pass pass) {
        if (!key.chain().equals(pass.chain()) || !key.network().equals(pass.network())) {
            return false;
        }
        String asked = key.wallet().value();
        return Chain.ETHEREUM.equals(key.chain()) ? asked.equalsIgnoreCase(pass.walletAddress())
                : asked.equals(pass.walletAddress());
    }

    /**
     * ACTIVE intended, FROZEN on chain, and the latest change of state Civic logged is an
     * unfreeze not yet confirmed: the pass is on its way back, not a new pass on its way in.
     */
    private static boolean isPendingUnfreeze(Pass pass) {
        if (!PassState.ACTIVE.equals(pass.state()) || !PassState.FROZEN.equals(pass.onChainState())
                || !pass.hasEvent(EventType.TOKEN_ISSUED)) {
            return false;
        }
        List<PassEvent> events = pass.events();
        for (int i = events.size() - 1; i >= 0; i--) {
            EventType type = events.get(i).type();
            if (STATE_EVENTS.contains(type)) {
                return EventType.TOKEN_UNFROZEN_INITIATED.equals(type);
            }
        }
        return false;
    }
}
