package io.civicpass.model;

import java.util.Objects;

/**
 * An on-chain transaction attached to a {@link PassEvent}.
 *
 * @param identifier the transaction's identifier (signature or hash) on its chain
 * @param status     sent, confirmed or failed; null when the server did not say
 */
public record Transaction(String identifier, TransactionStatus status) {

    /**
     * Requires the identifier, which Civic's contract always sends.
     *
     * @param identifier the transaction's identifier (signature or hash) on its chain
     * @param status sent, confirmed or failed; null when the server did not say
     */
    public Transaction {
        Objects.requireNonNull(identifier, "identifier == null");
    }
}
