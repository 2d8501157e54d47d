package io.civicpass.testkit;

/**
 * What the fake does with an update ({@code PATCH}) that asks for what the pass already has: the
 * state Civic intends for it now, or the expiry last set. Civic's documents do not say; see
 * {@link FakeCivic#repeatedUpdateBehaviour}.
 */
public enum RepeatedUpdateBehaviour {
    /**
     * The default: the update starts a chain transaction like any other, with its initiated and
     * confirmed events, counted by {@link FakeCivic#transactions}. A silent no-op would be the
     * kinder guess, so it is not the default: a client that repeats a freeze should see it cost.
     */
    NEW_TRANSACTION,
    /** The update answers 200 and changes nothing: no event, no transaction. */
    NO_OP
}
