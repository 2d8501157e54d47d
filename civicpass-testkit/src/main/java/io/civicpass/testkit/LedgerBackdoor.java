package io.civicpass.testkit;

import io.civicpass.model.Chain;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.EventType;
import io.civicpass.model.Pass;
import io.civicpass.model.PassEvent;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.model.Transaction;
import io.civicpass.model.TransactionStatus;
import io.civicpass.testkit.StoredPass.Action;
import io.civicpass.testkit.StoredPass.ActionType;
import io.civicpass.testkit.StoredPass.PassRef;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What tests do to the pass ledger without going through the API. They seed passes that were
 * issued (and frozen or revoked) in the past, and make the next confirmation at a key fail. They
 * also read back passes, expiries and transaction counts as model objects, seeing every pass,
 * whatever its visibility. It works on the {@link PassLedger}'s own map of passes and takes the
 * engine's lock for each read or change, as the ledger does. New pass ids and new actions come
 * from the ledger's {@link ActionMint}.
 */
final class LedgerBackdoor {

    private final Object lock;
    private final FakeClock clock;
    /** The ledger's passes, shared, not copied. */
    private final Map<PassRef, StoredPass> passes;
    private final ActionMint mint;
    /** The registered clients, looked up when a test seeds a pass. */
    private final Function<String, CivicEngine.Client> clients;

    LedgerBackdoor(Object lock, FakeClock clock, Map<PassRef, StoredPass> passes, ActionMint mint,
                   Function<String, CivicEngine.Client> clients) {
        this.lock = lock;
        this.clock = clock;
        this.passes = passes;
        this.mint = mint;
        this.clients = clients;
    }

    /**
     * Makes the next confirmation at a key (of any client's pass) fail: that of the pending action
     * that confirms first, or else that of the next action initiated there.
     */
    void failNextConfirmation(PassKey key) {
        Objects.requireNonNull(key, "key == null");
        Instant now = clock.instant();
        synchronized (lock) {
            Optional<Action> pending = passesAt(key).stream().flatMap(p -> p.actions.stream())
                    .filter(a -> !a.confirmed(now) && !a.fails)
                    .min(Comparator.comparing(Action::confirmAt).thenComparingLong(Action::seq));
            if (pending.isPresent()) {
                pending.get().fails = true;
            } else {
                mint.armFailure(key);
            }
        }
    }

    /**
     * The transactions of {@code preferredClientId}'s pass at the key, or else (when
     * {@code anyClient}) of any client's; 0 when none.
     */
    int transactions(String preferredClientId, PassKey key, boolean anyClient) {
        PassRef ref = new PassRef(preferredClientId, key.chain().value(), key.network().value(),
                WireRules.canonicalWallet(key.wallet().value()));
        synchronized (lock) {
            StoredPass own = passes.get(ref);
            if (own != null || !anyClient) {
                return own == null ? 0 : own.transactions();
            }
            return passesAt(key).stream().findFirst().map(StoredPass::transactions).orElse(0);
        }
    }

    Optional<Pass> pass(String clientId, PassKey key) {
        PassRef ref = new PassRef(clientId, key.chain().value(), key.network().value(),
                WireRules.canonicalWallet(key.wallet().value()));
        Instant now = clock.instant();
        synchronized (lock) {
            StoredPass pass = passes.get(ref);
            return pass == null ? Optional.empty() : Optional.of(toPass(pass, now));
        }
    }

    /** The pass of {@code preferredClientId} at the key, or else the first of any client's. */
    Optional<Pass> anyPass(String preferredClientId, PassKey key) {
        Optional<Pass> own = pass(preferredClientId, key);
        if (own.isPresent()) {
            return own;
        }
        String canonical = WireRules.canonicalWallet(key.wallet().value());
        Instant now = clock.instant();
        synchronized (lock) {
            return passes.values().stream()
                    .filter(p -> p.chain.equals(key.chain().value()) && p.network.equals(key.network().value())
                            && p.ref.wallet().equals(canonical))
                    .findFirst().map(p -> toPass(p, now));
        }
    }

    List<Pass> passes() {
        Instant now = clock.instant();
        synchronized (lock) {
            return passes.values().stream().map(p -> toPass(p, now)).toList();
        }
    }

    Optional<Instant> expiry(PassKey key) {
        Instant now = clock.instant();
        synchronized (lock) {
            return passesAt(key).stream().findFirst().map(p -> p.expiry(now));
        }
    }

    Pass seedPass(String clientId, PassKey key, PassState state) {
        Objects.requireNonNull(key, "key == null");
        Objects.requireNonNull(state, "state == null");
        if (!state.equals(PassState.ACTIVE) && !state.equals(PassState.FROZEN) && !state.equals(PassState.REVOKED)) {
            throw new IllegalArgumentException("state must be ACTIVE, FROZEN or REVOKED, was " + state);
        }
        String chain = key.chain().value();
        String network = key.network().value();
        if (!WireRules.NETWORKS.containsKey(chain) || !WireRules.NETWORKS.get(chain).contains(network)) {
            throw new IllegalArgumentException("key " + key + " is not on a chain and network Civic's contract lists");
        }
        PassRef ref = new PassRef(clientId, chain, network, WireRules.canonicalWallet(key.wallet().value()));
        Instant now = clock.instant();
        synchronized (lock) {
            CivicEngine.Client client = clients.apply(clientId);
            if (client == null) {
                throw new IllegalArgumentException("client '" + clientId + "' is not registered");
            }
            if (passes.containsKey(ref)) {
                throw new IllegalStateException("a pass for " + key + " already exists");
            }
            StoredPass pass = new StoredPass(mint.newPassId(), ref, chain, network, key.wallet().value(),
                    client.gatekeeperNetwork());
            Instant start = now.minusSeconds(600);
            pass.actions.add(mint.pastAction(ActionType.ISSUE, chain, start));
            if (state.equals(PassState.FROZEN)) {
                pass.actions.add(mint.pastAction(ActionType.FREEZE, chain, start.plusSeconds(60)));
            } else if (state.equals(PassState.REVOKED)) {
                pass.actions.add(mint.pastAction(ActionType.REVOKE, chain, start.plusSeconds(60)));
            }
            passes.put(ref, pass);
            return toPass(pass, now);
        }
    }

    /** The passes of every client at a key, in creation order. */
    private List<StoredPass> passesAt(PassKey key) {
        String spot = ActionMint.spot(key);
        return passes.values().stream()
                .filter(p -> ActionMint.spot(p.chain, p.network, p.ref.wallet()).equals(spot)).toList();
    }

    private static Pass toPass(StoredPass pass, Instant now) {
        List<PassEvent> events = pass.events(now).stream()
                .map(e -> new PassEvent(EventType.of(e.type()), Instant.ofEpochSecond(e.at().getEpochSecond()),
                        new Transaction(e.transaction(), TransactionStatus.of(e.status()))))
                .toList();
        return new Pass(pass.id, Chain.of(pass.chain), ChainNetwork.of(pass.network), pass.gatekeeperNetwork,
                pass.wallet, PassState.of(pass.state(now)), PassState.of(pass.onChainState(now)), events);
    }
}
