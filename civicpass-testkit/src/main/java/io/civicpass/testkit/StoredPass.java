package io.civicpass.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One pass in the {@link PassLedger} and its state machine: the actions taken on it, each an
 * initiated event at once and a confirmed one after the confirmation delay, and what they add up
 * to at a time (the state Civic intends, the state on chain, the events, Civic's JSON). Not
 * thread-safe: the ledger reads and changes it only under the engine's lock.
 */
final class StoredPass {

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

    record Action(long seq, ActionType type, Instant initiatedAt, Instant confirmAt, String transaction) {
        boolean confirmed(Instant now) {
            return !now.isBefore(confirmAt);
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
    Instant expiry;
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

    /** What Civic intends: the target of the latest state-changing action. */
    String state() {
        String state = "ACTIVE";
        for (Action action : actions) {
            if (action.type.targetState != null) {
                state = action.type.targetState;
            }
        }
        return state;
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

    boolean issueConfirmed(Instant now) {
        return actions.stream().anyMatch(a -> a.type == ActionType.ISSUE && a.confirmed(now));
    }

    /**
     * What the chain shows: confirmed actions applied in confirmation order. Before the issue is
     * confirmed the chain holds no valid pass; the contract has no value for that, so the
     * fake reports FROZEN ("not valid on chain, not final").
     */
    String onChainState(Instant now) {
        String state = "FROZEN";
        List<Action> confirmed = actions.stream().filter(a -> a.confirmed(now))
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
                events.add(new EventView(action.type.event, action.confirmAt, action.transaction, "confirmed",
                        action.seq * 2 + 1));
            }
        }
        events.sort(Comparator.comparing(EventView::at).thenComparingLong(EventView::order));
        return events;
    }
}
