package io.civicpass.model;

import java.util.List;

/**
 * A chain's programming model, as Civic names it in paths and payloads: {@code solana} or
 * {@code ethereum} (every EVM network is of the {@code ethereum} chain).
 */
public final class Chain extends OpenValue {

    /** Solana and its networks. */
    public static final Chain SOLANA = new Chain("solana", true);
    /** Ethereum and every EVM-compatible network Civic supports. */
    public static final Chain ETHEREUM = new Chain("ethereum", true);

    private static final List<Chain> KNOWN = List.of(SOLANA, ETHEREUM);

    private Chain(String value, boolean known) {
        super(value, known);
    }

    /**
     * The chain with this wire value; an unknown value is kept, not rejected.
     *
     * @param value the wire value, for example {@code "solana"}
     * @return the constant for a known value, or a new instance carrying an unknown one
     * @throws IllegalArgumentException if the value is null, blank or not a plausible name
     */
    public static Chain of(String value) {
        Chain chain = lookup(KNOWN, value);
        return chain != null ? chain : new Chain(checked("chain", value), false);
    }

    /**
     * The chains this version of the library knows.
     *
     * @return an immutable list of the constants
     */
    public static List<Chain> known() {
        return KNOWN;
    }
}
