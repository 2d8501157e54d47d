package io.civicpass.testkit;

import io.civicpass.model.PassKey;
import io.civicpass.testkit.StoredPass.Action;
import io.civicpass.testkit.StoredPass.ActionType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The pass ledger's mint, which makes what the ledger adds to passes: new pass ids, and new
 * actions with their sequence number, transaction, confirmation time (the confirmation delay after
 * initiation) and fate. It also keeps the confirmation failures a test arms for actions not yet
 * initiated, and marks the next API action at that key as failing. It has no lock of its own:
 * {@link PassLedger} and {@link LedgerBackdoor} call it only while they hold the engine's lock.
 * The confirmation delay is the exception. It is volatile and is read and set without the lock.
 */
final class ActionMint {

    /** Confirmations armed to fail, by {@link #spot}, for actions not yet initiated. */
    private final Map<String, Integer> armedFailures = new HashMap<>();
    private volatile Duration confirmationDelay;
    private long sequence;

    ActionMint(Duration confirmationDelay) {
        this.confirmationDelay = confirmationDelay;
    }

    void setConfirmationDelay(Duration value) {
        this.confirmationDelay = value;
    }

    Duration confirmationDelay() {
        return confirmationDelay;
    }

    /** A new action through the API, failing when a failure was armed for the pass's key. */
    Action newAction(ActionType type, StoredPass pass, Instant now, Instant expiry) {
        Action action = new Action(++sequence, type, now, now.plus(confirmationDelay), newTransaction(pass.chain),
                false, expiry);
        String spot = spot(pass.chain, pass.network, pass.ref.wallet());
        Integer armed = armedFailures.get(spot);
        if (armed != null) {
            action.fails = true;
            if (armed <= 1) {
                armedFailures.remove(spot);
            } else {
                armedFailures.put(spot, armed - 1);
            }
        }
        return action;
    }

    /** A seeded action, confirmed five seconds after {@code at}. */
    Action pastAction(ActionType type, String chain, Instant at) {
        return new Action(++sequence, type, at, at.plusSeconds(5), newTransaction(chain), true, null);
    }

    /**
     * A seeded action with the times and fate a test chose (the admin API's seeding and changes
     * by another party): not counted as a transaction through the API.
     */
    Action seededAction(ActionType type, String chain, Instant at, Instant confirmAt, boolean fails, Instant expiry) {
        Action action = new Action(++sequence, type, at, confirmAt, newTransaction(chain), true, expiry);
        action.fails = fails;
        return action;
    }

    /** Makes the next action initiated at the key (of any client's pass) fail. */
    void armFailure(PassKey key) {
        armedFailures.merge(spot(key), 1, Integer::sum);
    }

    /** Forgets the armed failures; the sequence goes on. */
    void clear() {
        armedFailures.clear();
    }

    String newPassId() {
        byte[] bytes = new byte[12];
        Randomness.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private String newTransaction(String chain) {
        byte[] bytes = new byte[WireRules.SOLANA.equals(chain) ? 64 : 32];
        Randomness.nextBytes(bytes);
        return WireRules.SOLANA.equals(chain) ? WireRules.toBase58(bytes) : "0x" + HexFormat.of().formatHex(bytes);
    }

    /** A key's place whatever the client: chain, network and canonical wallet. */
    static String spot(String chain, String network, String canonicalWallet) {
        return chain + "/" + network + "/" + canonicalWallet;
    }

    static String spot(PassKey key) {
        return spot(key.chain().value(), key.network().value(), WireRules.canonicalWallet(key.wallet().value()));
    }
}
