package io.civicpass.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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

    /**
     * One action of a pass the admin API plants: its kind, when it was initiated and confirms
     * (null: the confirmation delay from now), whether its transaction fails, and for an expiry
     * change the expiry.
     */
    record PlannedAction(ActionType type, Instant at, Instant confirmAt, boolean fails, Instant expiry) {
    }

    /**
     * A pass the admin API plants, checked already but for what only the ledger knows: which
     * client, where, and its history. {@code field} names it in a refusal, such as {@code [1]}.
     */
    record PlannedPass(String field, String clientId, String chain, String network, String wallet,
                       List<PlannedAction> actions) {
    }

    /**
     * Plants passes with their histories, all or none: every client must be registered and no two
     * passes (planted already or in the list) at one client's key.
     *
     * @return the admin API's view of each, in the order given
     * @throws IllegalArgumentException naming the planned pass and what is wrong, before any is planted
     */
    List<ObjectNode> plant(List<PlannedPass> plans, boolean hideUntilConfirmed) {
        Instant now = clock.instant();
        synchronized (lock) {
            Set<PassRef> taken = new HashSet<>(passes.keySet());
            List<PassRef> refs = new ArrayList<>();
            for (PlannedPass plan : plans) {
                CivicEngine.Client client = clients.apply(plan.clientId());
                if (client == null) {
                    throw new IllegalArgumentException(plan.field() + ".clientId: client '" + ApiError.shorten(plan.clientId())
                            + "' is not registered");
                }
                PassRef ref = new PassRef(plan.clientId(), plan.chain(), plan.network(),
                        WireRules.canonicalWallet(plan.wallet()));
                if (!taken.add(ref)) {
                    throw new IllegalArgumentException(plan.field() + ".walletAddress: client " + plan.clientId()
                            + " has a pass for " + plan.chain() + ":" + plan.network() + ":" + plan.wallet() + " already");
                }
                refs.add(ref);
            }
            List<ObjectNode> planted = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                PlannedPass plan = plans.get(i);
                StoredPass pass = new StoredPass(mint.newPassId(), refs.get(i), plan.chain(), plan.network(), plan.wallet(),
                        clients.apply(plan.clientId()).gatekeeperNetwork());
                for (PlannedAction action : plan.actions()) {
                    pass.actions.add(seeded(action, plan.chain(), now));
                }
                passes.put(refs.get(i), pass);
                planted.add(adminView(pass, now, hideUntilConfirmed));
            }
            return planted;
        }
    }

    /**
     * Changes a pass as another party would (Civic's dashboard, another service of the partner):
     * actions the API did not initiate, so not counted as transactions.
     *
     * @return the admin API's view of the pass after the change
     * @throws NoSuchElementException when the client has no pass at the key
     * @throws IllegalArgumentException when the pass is revoked (final) or was never issued
     */
    ObjectNode change(String clientId, String chain, String network, String wallet,
                                                           List<PlannedAction> actions, boolean hideUntilConfirmed) {
        PassRef ref = new PassRef(clientId, chain, network, WireRules.canonicalWallet(wallet));
        Instant now = clock.instant();
        synchronized (lock) {
            StoredPass pass = passes.get(ref);
            if (pass == null) {
                throw new NoSuchElementException("client " + clientId + " has no pass for " + chain + ":"
                        + network + ":" + ApiError.shorten(wallet));
            }
            String state = pass.state(now);
            if (state.equals("REVOKED")) {
                throw new IllegalArgumentException("state: the pass is revoked, which is final");
            }
            if (state.equals(StoredPass.NOT_ISSUED)) {
                throw new IllegalArgumentException("state: the pass's issuance failed, so there is nothing to change");
            }
            for (PlannedAction action : actions) {
                pass.actions.add(seeded(action, chain, now));
            }
            return adminView(pass, now, hideUntilConfirmed);
        }
    }

    /** Every pass of every client as the admin API shows it, in creation order. */
    List<ObjectNode> adminViews(boolean hideUntilConfirmed) {
        Instant now = clock.instant();
        synchronized (lock) {
            return passes.values().stream().map(p -> adminView(p, now, hideUntilConfirmed)).toList();
        }
    }

    private Action seeded(PlannedAction action, String chain, Instant now) {
        Instant confirmAt = action.confirmAt() != null ? action.confirmAt() : now.plus(mint.confirmationDelay());
        return mint.seededAction(action.type(), chain, action.at(), confirmAt, action.fails(), action.expiry());
    }

    /** Civic's JSON of the pass with what only the fake knows: its client, expiry, transactions, visibility. */
    private static ObjectNode adminView(StoredPass pass, Instant now,
                                                                            boolean hideUntilConfirmed) {
        ObjectNode node = JsonWriter.mapper().createObjectNode();
        node.put("clientId", pass.ref.clientId());
        node.setAll(JsonWriter.passJson(pass, now));
        Instant expiry = pass.expiry(now);
        if (expiry == null) {
            node.putNull("expiry");
        } else {
            node.put("expiry", expiry.getEpochSecond());
        }
        node.put("transactions", pass.transactions());
        node.put("visible", !hideUntilConfirmed || pass.issueConfirmed(now));
        return node;
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
