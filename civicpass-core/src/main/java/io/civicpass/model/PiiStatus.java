package io.civicpass.model;

import java.util.List;

/**
 * The status of a PII request: the user's verification and then the partner's decision.
 *
 * <p>Forward-compatible: {@link #of(String)} keeps a value this version does not know.
 */
public final class PiiStatus extends OpenValue {

    /** Waiting for the user to share their information. */
    public static final PiiStatus AWAITING_USER = new PiiStatus("awaiting-user", true);
    /** The user acknowledged the request. */
    public static final PiiStatus USER_ACKNOWLEDGED = new PiiStatus("user-acknowledged", true);
    /** Civic verified the information; the partner can review and decide. */
    public static final PiiStatus VERIFICATION_SUCCESS = new PiiStatus("verification-success", true);
    /** Civic could not verify the information. */
    public static final PiiStatus VERIFICATION_FAILED = new PiiStatus("verification-failed", true);
    /** The user cancelled. */
    public static final PiiStatus USER_CANCELLED = new PiiStatus("user-cancelled", true);
    /** The partner approved. */
    public static final PiiStatus PARTNER_PASS = new PiiStatus("partner-pass", true);
    /** The partner rejected. */
    public static final PiiStatus PARTNER_FAIL = new PiiStatus("partner-fail", true);

    private static final List<PiiStatus> KNOWN = List.of(AWAITING_USER, USER_ACKNOWLEDGED, VERIFICATION_SUCCESS, VERIFICATION_FAILED, USER_CANCELLED, PARTNER_PASS, PARTNER_FAIL);

    private PiiStatus(String value, boolean known) {
        super(value, known);
    }

    /**
     * The value with this wire spelling; an unknown value is kept, not rejected.
     *
     * @param value the wire value
     * @return the constant for a known value, or a new instance carrying an unknown one
     * @throws IllegalArgumentException if the value is null, blank or not a plausible name
     */
    public static PiiStatus of(String value) {
        PiiStatus known = lookup(KNOWN, value);
        return known != null ? known : new PiiStatus(checked("status", value), false);
    }

    /**
     * The values this version of the library knows.
     *
     * @return an immutable list of the constants
     */
    public static List<PiiStatus> known() {
        return KNOWN;
    }
}
