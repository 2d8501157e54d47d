package io.civicpass;

/**
 * Told of each change to a pass made through a client: the hook a cache of verdicts (such as
 * {@code civicpass-gate}'s) uses to drop what this client just made stale, without the caller
 * having to remember. Register one with {@link CivicPassClient#onPassChange(PassChangeListener)}
 * or {@link CivicPassAsyncClient#onPassChange(PassChangeListener)}; both faces of a client, and
 * every view from {@code withOptions}, share the registrations.
 *
 * <p>Told after Civic accepted the change, and also when the change's outcome is unknown
 * ({@link io.civicpass.error.OutcomeUnknownException}: Civic may have applied it), since a cache
 * that drops an entry it did not have to costs one lookup, while one that keeps a stale entry
 * may admit a frozen pass. Never told of a change Civic refused.
 *
 * <p>Called on the thread that completes the call (for the async face, possibly a transport's
 * I/O thread): keep it short and non-blocking. An exception it throws is logged (its type only)
 * and never reaches the caller. Changes made by other parties, other clients or other JVMs are
 * not seen here.
 */
@FunctionalInterface
public interface PassChangeListener {

    /**
     * Told of one change.
     *
     * @param change the pass and what was asked
     */
    void passChanged(PassChange change);

    /** A registration; {@link #close()} stops the listener from being told of further changes. */
    interface Registration extends AutoCloseable {
        /** Stops telling the listener; calling it again does nothing. */
        @Override
        void close();
    }
}
