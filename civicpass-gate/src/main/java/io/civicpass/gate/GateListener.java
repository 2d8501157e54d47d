package io.civicpass.gate;

import java.time.Duration;
import java.util.List;

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
     * One listener telling each of {@code listeners}, in order; a listener that throws does not
     * keep the others from being told.
     *
     * @param listeners the listeners, none null
     * @return {@link #NONE} for none, the listener itself for one, else one telling them all
     */
    static GateListener all(List<GateListener> listeners) {
        List<GateListener> copy = List.copyOf(listeners);
        if (copy.isEmpty()) {
            return NONE;
        }
        if (copy.size() == 1) {
            return copy.get(0);
        }
        return new GateListener() {
            @Override
            public void loaded(Lookup event) {
                each(listener -> listener.loaded(event));
            }

            @Override
            public void refreshed(Lookup event) {
                each(listener -> listener.refreshed(event));
            }

            @Override
            public void servedStale(StaleServe event) {
                each(listener -> listener.servedStale(event));
            }

            private void each(java.util.function.Consumer<GateListener> tell) {
                for (GateListener listener : copy) {
                    try {
                        tell.accept(listener);
                    } catch (RuntimeException ignored) {
                        // A listener's failure is its own; the others are still told.
                    }
                }
            }
        };
    }

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
