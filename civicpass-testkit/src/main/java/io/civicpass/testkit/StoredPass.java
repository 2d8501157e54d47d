package io.civicpass.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One pass in the {@link PassLedger} and its state machine: the actions taken on it, each an
 * initiated event at once and a confirmed one after the confirmation delay, and what they add up
 * to at a time (the state Civic intends, the state on chain, the events, Civic's JSON). An action
 * may be set to fail: its confirmation then comes with a {@code failed} transaction and changes
 * neither state. Not thread-safe: the ledger reads and changes it only under the engine's lock.
 */
final class StoredPass {

    /** What {@link #state} shows while no issuance of the pass is pending or succeeded. */
    static final String NOT_ISSUED = "REQUESTED";

    /** Where a pass is stored: its client, chain, network and canonical wallet. */
    record PassRef(String clientId, String chain, String network, String wallet) {
    }

    /** The actions of a pass, each an initiated event now and a confirmed one after the delay. */
    enum ActionType {
        ISSUE("TOKEN_ISSUED", "ACTIVE"),
        FREEZE("TOKEN_FROZEN", "FROZEN"),
        UNFREEZE("TOKEN_UNFROZEN", "ACTIVE"),
        EXPIRY("TOKEN_EXPIRY_CHANGED", null),
        REVOKE("TOKEN_REVOKED", "REVOKED");

        final String event;
        final String targetState;

        ActionType(String event, String targetState) {
            this.event = event;
            this.targetState = targetState;
        }
    }

    /**
     * One action: a chain transaction initiated at a time and confirmed (or failed) at another.
     * Only {@link #fails} changes, and only while the action is unconfirmed, which keeps the
     * cached JSON of {@link StoredPass#json} right.
     */
    static final class Action {
        final long seq;
        final ActionType type;
        final Instant initiatedAt;
        final Instant confirmAt;
        final String transaction;
        /** Planted by a test's seeding, not initiated through the API. */
        final boolean seeded;
        /** The expiry an {@link ActionType#EXPIRY} action sets, else null. */
        final Instant expiry;
        boolean fails;

        Action(long seq, ActionType type, Instant initiatedAt, Instant confirmAt, String transaction, boolean seeded,
               Instant expiry) {
            this.seq = seq;
            this.type = type;
            this.initiatedAt = initiatedAt;
            this.confirmAt = confirmAt;
            this.transaction = transaction;
            this.seeded = seeded;
            this.expiry = expiry;
        }

        long seq() {
            return seq;
        }

        Instant confirmAt() {
            return confirmAt;
        }

        boolean confirmed(Instant now) {
            return !now.isBefore(confirmAt);
        }

        /** Whether the action's transaction has failed by then. */
        boolean failed(Instant now) {
            return fails && confirmed(now);
        }
    }

    record EventView(String type, Instant at, String transaction, String status, long order) {
    }

    final String id;
    final PassRef ref;
    final String chain;
    final String network;
    final String wallet;
    final String gatekeeperNetwork;
    /** Only ever appended to, which is what lets {@link #json} reuse its bytes. */
    final List<Action> actions = new ArrayList<>();
    private byte[] json;
    private int jsonActions;
    private int jsonConfirmed;

    StoredPass(String id, PassRef ref, String chain, String network, String wallet, String gatekeeperNetwork) {
        this.id = id;
        this.ref = ref;
        this.chain = chain;
        this.network = network;
        this.wallet = wallet;
        this.gatekeeperNetwork = gatekeeperNetwork;
    }

    /**
     * What Civic intends at a time: the target of the latest state-changing action that has not
     * failed. A failed action falls out of the intent, so the pass shows what it was before (and
     * can be changed again); a pass whose every issuance failed shows {@link #NOT_ISSUED}.
     */
    String state(Instant now) {
        String state = NOT_ISSUED;
        for (Action action : actions) {
            if (action.type.targetState != null && !action.failed(now)) {
                state = action.type.targetState;
            }
        }
        return state;
    }

    /** The expiry set by the latest expiry change that has not failed, or null. */
    Instant expiry(Instant now) {
        Instant expiry = null;
        for (Action action : actions) {
            if (action.type == ActionType.EXPIRY && !action.failed(now)) {
                expiry = action.expiry;
            }
        }
        return expiry;
    }

    /** How many chain transactions were initiated for the pass through the API. */
    int transactions() {
        int count = 0;
        for (Action action : actions) {
            if (!action.seeded) {
                count++;
            }
        }
        return count;
    }

    /**
     * The pass as Civic's JSON at a time. What it shows depends on the actions and on which
     * of them are confirmed; with actions only appended, those confirmed by a time are always
     * the ones with the earliest confirmation times, so their count says which they are, and
     * the bytes are written again only when an action is added or another one confirms
     * (a retrieve is the fake's hottest path).
     */
    byte[] json(Instant now) {
        int confirmed = 0;
        for (Action action : actions) {
            if (action.confirmed(now)) {
                confirmed++;
            }
        }
        if (json == null || jsonActions != actions.size() || jsonConfirmed != confirmed) {
            json = JsonWriter.bytes(JsonWriter.passJson(this, now));
            jsonActions = actions.size();
            jsonConfirmed = confirmed;
        }
        return json;
    }

    /** Whether some issuance of the pass has come back from the chain, confirmed or failed. */
    boolean issueConfirmed(Instant now) {
        return actions.stream().anyMatch(a -> a.type == ActionType.ISSUE && a.confirmed(now));
    }

    /** Whether some action of the pass is still unconfirmed. */
    boolean pending(Instant now) {
        return actions.stream().anyMatch(a -> !a.confirmed(now));
    }

    /**
     * What the chain shows: confirmed actions that did not fail, applied in confirmation order.
     * Before an issue is confirmed the chain holds no valid pass; the contract has no value for
     * that, so the fake reports FROZEN ("not valid on chain, not final").
     */
    String onChainState(Instant now) {
        String state = "FROZEN";
        List<Action> confirmed = actions.stream().filter(a -> a.confirmed(now) && !a.fails)
                .sorted(Comparator.comparing(Action::confirmAt).thenComparingLong(Action::seq)).toList();
        for (Action action : confirmed) {
            if (action.type.targetState != null) {
                state = action.type.targetState;
            }
        }
        return state;
    }

    List<EventView> events(Instant now) {
        List<EventView> events = new ArrayList<>();
        for (Action action : actions) {
            events.add(new EventView(action.type.event + "_INITIATED", action.initiatedAt, action.transaction,
                    "sent", action.seq * 2));
            if (action.confirmed(now)) {
                events.add(new EventView(action.type.event, action.confirmAt, action.transaction,
                        action.fails ? "failed" : "confirmed", action.seq * 2 + 1));
            }
        }
        events.sort(Comparator.comparing(EventView::at).thenComparingLong(EventView::order));
        return events;
    }
}
