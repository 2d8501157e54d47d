package io.civicpass.error;

import io.civicpass.model.Pass;
import io.civicpass.model.PassEvent;
import io.civicpass.model.PassKey;

import java.util.Objects;

/**
 * The chain transaction of a pass's change failed: Civic reported the event with transaction
 * status {@code failed}, so the change did not reach the chain. {@code awaitConfirmed} throws
 * it as soon as it sees the failure.
 */
public class TransactionFailedException extends CivicPassException {

    private static final long serialVersionUID = 1L;

    /** The pass. */
    private final transient PassKey key;
    /** The event whose transaction failed. */
    private final transient PassEvent event;
    /** The pass as last seen. */
    private final transient Pass pass;

    /**
     * The failure.
     *
     * @param key   the pass
     * @param event the event whose transaction failed
     * @param pass  the pass as last seen
     */
    public TransactionFailedException(PassKey key, PassEvent event, Pass pass) {
        super("the chain transaction of " + Objects.requireNonNull(event, "event == null").type() + " for "
                + Objects.requireNonNull(key, "key == null") + " failed"
                + (event.transaction() == null ? "" : " (transaction " + event.transaction().identifier() + ")"));
        this.key = key;
        this.event = event;
        this.pass = pass;
    }

    /**
     * The pass.
     *
     * @return the key
     */
    public PassKey key() {
        return key;
    }

    /**
     * The event whose transaction failed.
     *
     * @return the event
     */
    public PassEvent event() {
        return event;
    }

    /**
     * The pass as last seen.
     *
     * @return the pass
     */
    public Pass pass() {
        return pass;
    }
}
