package io.civicpass.examples;

import io.civicpass.CivicPassClient;
import io.civicpass.model.Evidence;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiRequest;
import io.civicpass.model.VerifiedInformation;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The README's PII review: read what a user shared, keep the evidence, decide. Personal data
 * goes to the caller's rule and store only, never to a log.
 */
public final class PiiReview {

    private PiiReview() {
    }

    /**
     * Reviews a PII request: reads it (Civic may let it be read only once), hands each evidence
     * item to {@code keep}, and approves or rejects it by {@code acceptable}.
     *
     * @param civic          the client
     * @param scopeRequestId the id Civic gave for the user's submission
     * @param acceptable     the partner's own rule on the verified information
     * @param keep           where evidence goes (a store for personal data), by link relation
     * @return the decision sent
     */
    public static PiiDecision review(CivicPassClient civic, String scopeRequestId,
                                     Predicate<VerifiedInformation> acceptable, BiConsumer<String, Evidence> keep) {
        // README:begin pii-review
        // scopeRequestId: the id Civic gives you once a user has shared their data with your pass's
        // verification, before the pass is issued (the testkit's fake.seedPii(...) returns one)
        PiiRequest request = civic.pii(scopeRequestId);           // personal data: never log it
        for (PiiLink link : request.evidenceLinks()) {
            Evidence image = civic.evidence(link);                // only links under the API base are followed
            keep.accept(link.rel(), image);
        }
        boolean accepted = acceptable.test(request.verifiedInformation());   // typed accessors, plus asMap()
        if (accepted) {
            civic.approvePii(scopeRequestId);
        } else {
            civic.rejectPii(scopeRequestId);
        }
        // README:end pii-review
        return accepted ? PiiDecision.APPROVE : PiiDecision.REJECT;
    }
}
