package io.civicpass.model;

import java.util.List;

/**
 * The status of an on-chain transaction attached to a pass event.
 *
 * <p>Forward-compatible: {@link #of(String)} keeps a value this version does not know.
 */
public final class TransactionStatus extends OpenValue {

    /** Sent to the chain, not confirmed yet. */
    public static final TransactionStatus SENT = new TransactionStatus("sent", true);
    /** Confirmed on chain. */
    public static final TransactionStatus CONFIRMED = new TransactionStatus("confirmed", true);
    /** Failed on chain. */
    public static final TransactionStatus FAILED = new TransactionStatus("failed", true);

    private static final List<TransactionStatus> KNOWN = List.of(SENT, CONFIRMED, FAILED);

    private TransactionStatus(String value, boolean known) {
        super(value, known);
    }

    /**
     * The value with this wire spelling; an unknown value is kept, not rejected.
     *
     * @param value the wire value
     * @return the constant for a known value, or a new instance carrying an unknown one
     * @throws IllegalArgumentException if the value is null, blank or not a plausible name
     */
    public static TransactionStatus of(String value) {
        TransactionStatus known = lookup(KNOWN, value);
        return known != null ? known : new TransactionStatus(checked("status", value), false);
    }

    /**
     * The values this version of the library knows.
     *
     * @return an immutable list of the constants
     */
    public static List<TransactionStatus> known() {
        return KNOWN;
    }
}
