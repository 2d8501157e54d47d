package io.civicpass.model;

/**
 * The partner's decision on a PII request ({@code PUT /piirequest/{id}/status}). A closed set:
 * these are the only two values the API accepts.
 */
public enum PiiDecision {
    /** Approve: the user's pass may be issued ({@code partner-pass}). */
    APPROVE(PiiStatus.PARTNER_PASS),
    /** Reject: the user's pass is not issued ({@code partner-fail}). */
    REJECT(PiiStatus.PARTNER_FAIL);

    private final PiiStatus status;

    PiiDecision(PiiStatus status) {
        this.status = status;
    }

    /**
     * The status the decision sets, and its wire value.
     *
     * @return {@code partner-pass} or {@code partner-fail}
     */
    public PiiStatus status() {
        return status;
    }
}
