package io.civicpass.model;

import java.util.Objects;

/**
 * A link in a PII request: {@code self} or an evidence item such as {@code idDocumentFront}.
 *
 * @param rel  the link's relation, which names the evidence
 * @param href the absolute URL the server gave
 */
public record PiiLink(String rel, String href) {

    /** Relation of the link to the PII request itself. */
    public static final String SELF = "self";

    /**
     * Requires both parts.
     *
     * @param rel the link's relation, which names the evidence
     * @param href the absolute URL the server gave
     */
    public PiiLink {
        Objects.requireNonNull(rel, "rel == null");
        Objects.requireNonNull(href, "href == null");
    }

    /**
     * Whether this link names an evidence item rather than the request itself.
     *
     * @return false for {@code self}
     */
    public boolean isEvidence() {
        return !SELF.equals(rel);
    }
}
