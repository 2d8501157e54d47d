package io.civicpass.testkit;

/**
 * What the fake does when a client issues a pass to a wallet that already has one that is live
 * (issued and not revoked) or pending (its issuance not yet confirmed). Civic's documents do not
 * say, so the fake offers each plausible answer; see {@link FakeCivic#reissueBehaviour}.
 * Issuing after a revoke is refused with 400 whatever this says, as Civic documents.
 */
public enum ReissueBehaviour {
    /**
     * The default: refused with 409 and the fake's usual error body, code {@code pass_exists}.
     * The status is the fake's assumption (Civic documents only 202, 400 and 401 for issuing); 409
     * is HTTP's answer to a request that conflicts with the current state, and keeps the refusal
     * apart from a malformed request's 400.
     */
    REFUSE,
    /** Answered 202 with the existing pass, unchanged: issuing is idempotent. */
    NO_OP,
    /**
     * Accepted as a second issuance: 202, and a new {@code TOKEN_ISSUED_INITIATED} event (then
     * its confirmation) appended to the existing pass, a new chain transaction that
     * {@link FakeCivic#duplicateIssuances()} counts. Like any issuance it aims at ACTIVE, so a
     * second issuance to a frozen pass unfreezes it once confirmed.
     */
    DUPLICATE
}
