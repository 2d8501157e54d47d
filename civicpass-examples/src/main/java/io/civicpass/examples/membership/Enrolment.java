package io.civicpass.examples.membership;

import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import java.util.Objects;
import java.util.Optional;

/**
 * How an enrolment ended.
 *
 * @param outcome what happened
 * @param key     the pass's key, or null when the member was refused before a key mattered
 * @param pass    the pass as Civic reported it when {@link Outcome#ISSUED}, else null
 * @param reason  why, for a refusal or a doubt; null when issued
 */
public record Enrolment(Outcome outcome, PassKey key, Pass pass, String reason) {

    /** What happened to an enrolment. */
    public enum Outcome {
        /** Civic accepted the pass (or had it already); the chain confirms it later. */
        ISSUED,
        /** Your own checks, or Civic, refused the member: no pass. */
        REFUSED,
        /** Civic may or may not be issuing the pass; enrolling again later is safe and settles it. */
        IN_DOUBT
    }

    /**
     * Requires the outcome.
     *
     * @param outcome what happened
     * @param key     the pass's key, or null
     * @param pass    the pass, or null
     * @param reason  why, or null
     */
    public Enrolment {
        Objects.requireNonNull(outcome, "outcome == null");
    }

    static Enrolment issued(PassKey key, Pass pass) {
        return new Enrolment(Outcome.ISSUED, key, pass, null);
    }

    static Enrolment refused(PassKey key, String reason) {
        return new Enrolment(Outcome.REFUSED, key, null, reason);
    }

    static Enrolment inDoubt(PassKey key, String reason) {
        return new Enrolment(Outcome.IN_DOUBT, key, null, reason);
    }

    /**
     * The pass, when issued.
     *
     * @return the pass or empty
     */
    public Optional<Pass> findPass() {
        return Optional.ofNullable(pass);
    }
}
