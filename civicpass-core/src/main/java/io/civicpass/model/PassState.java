package io.civicpass.model;

import java.util.List;

/**
 * The state of a Civic Pass: what Civic intends ({@code state}) or what the chain shows ({@code onChainState}).
 *
 * <p>Forward-compatible: {@link #of(String)} keeps a value this version does not know.
 */
public final class PassState extends OpenValue {

    /** The pass is valid. */
    public static final PassState ACTIVE = new PassState("ACTIVE", true);
    /** The pass is frozen: temporarily not valid. */
    public static final PassState FROZEN = new PassState("FROZEN", true);
    /** The pass is revoked, for good. */
    public static final PassState REVOKED = new PassState("REVOKED", true);
    /** The pass was requested and is not issued yet. */
    public static final PassState REQUESTED = new PassState("REQUESTED", true);
    /** The pass request was rejected (appears in list filters). */
    public static final PassState REJECTED = new PassState("REJECTED", true);

    private static final List<PassState> KNOWN = List.of(ACTIVE, FROZEN, REVOKED, REQUESTED, REJECTED);

    private PassState(String value, boolean known) {
        super(value, known);
    }

    /**
     * The value with this wire spelling; an unknown value is kept, not rejected.
     *
     * @param value the wire value
     * @return the constant for a known value, or a new instance carrying an unknown one
     * @throws IllegalArgumentException if the value is null, blank or not a plausible name
     */
    public static PassState of(String value) {
        PassState known = lookup(KNOWN, value);
        return known != null ? known : new PassState(checked("state", value), false);
    }

    /**
     * The values this version of the library knows.
     *
     * @return an immutable list of the constants
     */
    public static List<PassState> known() {
        return KNOWN;
    }
}
