package io.civicpass.examples.membership;

import java.util.Objects;

/**
 * Whether a request may go through, and why.
 *
 * @param allowed true to let it through
 * @param reason  why, in words for your logs (no personal data)
 */
public record Access(boolean allowed, String reason) {

    /**
     * Requires the reason.
     *
     * @param allowed true to let it through
     * @param reason  why
     */
    public Access {
        Objects.requireNonNull(reason, "reason == null");
    }

    static Access allow(String reason) {
        return new Access(true, reason);
    }

    static Access deny(String reason) {
        return new Access(false, reason);
    }
}
