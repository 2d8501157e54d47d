package io.civicpass.gate;

import java.time.Duration;

/**
 * Told of a {@link PassGate}'s lookups and stale serves, for metrics and logs
 * ({@code civicpass-micrometer}'s {@code GateMetrics} is one). Never told of a hit: hits and
 * misses are counters ({@link PassGate#stats()}). Events carry no key, wallet or pass.
 *
 * <p>Called on the thread that completed the lookup (possibly a transport's I/O thread) or the
 * checking thread: keep it short and non-blocking. An exception it throws is swallowed.
 */
public interface GateListener {

    /** A listener told nothing. */
    GateListener NONE = new GateListener() { };

    /**
     * A lookup that a waiting check started ended.
     *
     * @param event what it found and how long it took
     */
    default void loaded(Lookup event) {
    }

    /**
     * A lookup started in the background while the cached verdict was served ended.
     *
     * @param event what it found and how long it took
     */
    default void refreshed(Lookup event) {
    }

    /**
     * A verdict was served past its time-to-live because Civic failed.
     *
     * @param event the verdict's kind and how far past its time-to-live it was
     */
    default void servedStale(StaleServe event) {
    }

    /**
     * One lookup's outcome.
     *
     * @param kind    the verdict it gave, {@link Verdict.Kind#UNAVAILABLE} when it failed
     * @param elapsed how long the lookup took, by the gate's clock
     */
    record Lookup(Verdict.Kind kind, Duration elapsed) {
    }

    /**
     * One stale serve.
     *
     * @param kind     the kind of the verdict served
     * @param pastTtl  how long after its time-to-live ended it was served
     */
    record StaleServe(Verdict.Kind kind, Duration pastTtl) {
    }
}
