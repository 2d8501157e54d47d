package io.civicpass.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A PII request: the information a user shared with the partner, for review before the pass is
 * issued. Personal data: {@link #toString()} omits the verified information.
 *
 * @param id                  the scope request id Civic gave the partner
 * @param type                the request type, for example {@code gatekeeperProofOfIdentityWithIdDocument-v3}; may be null
 * @param status              where the request stands
 * @param links               the links, {@code self} and evidence items
 * @param verifiedInformation what Civic verified; empty until verification succeeds
 * @param updateDate          when the request last changed, or null if the server did not say
 */
public record PiiRequest(String id, String type, PiiStatus status, List<PiiLink> links,
                         VerifiedInformation verifiedInformation, Instant updateDate) {

    /**
     * Requires id and status and copies the links.
     *
     * @param id the scope request id Civic gave the partner
     * @param type the request type, for example {@code gatekeeperProofOfIdentityWithIdDocument-v3}; may be null
     * @param status where the request stands
     * @param links the links, {@code self} and evidence items
     * @param verifiedInformation what Civic verified; empty until verification succeeds
     * @param updateDate when the request last changed, or null if the server did not say
     */
    public PiiRequest {
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(status, "status == null");
        links = List.copyOf(Objects.requireNonNull(links, "links == null"));
        verifiedInformation = verifiedInformation == null ? VerifiedInformation.empty() : verifiedInformation;
    }

    /**
     * The links that name evidence items (every link but {@code self}).
     *
     * @return the evidence links, in the server's order
     */
    public List<PiiLink> evidenceLinks() {
        return links.stream().filter(PiiLink::isEvidence).toList();
    }

    /**
     * A link by relation.
     *
     * @param rel the relation, for example {@code idDocumentFront}
     * @return the link or empty
     */
    public Optional<PiiLink> link(String rel) {
        return links.stream().filter(link -> link.rel().equals(rel)).findFirst();
    }

    /**
     * Whether the partner can decide now: Civic verified the information.
     *
     * @return true in status {@code verification-success}
     */
    public boolean isAwaitingDecision() {
        return PiiStatus.VERIFICATION_SUCCESS.equals(status);
    }

    /**
     * Describes the request without personal data.
     *
     * @return id, type, status, link relations and the names of the verified fields
     */
    @Override
    public String toString() {
        return "PiiRequest[id=" + id + ", type=" + type + ", status=" + status
                + ", links=" + links.stream().map(PiiLink::rel).toList()
                + ", verifiedInformation=" + verifiedInformation + ", updateDate=" + updateDate + "]";
    }
}
