package io.civicpass.gate;

/**
 * A {@link PassGate}'s counters since it was built: each only grows. A check is either a hit
 * (answered from the cache without waiting for Civic) or a miss (it waited for a lookup);
 * {@code staleServes} counts the hits served past their time-to-live. {@code loads} and
 * {@code refreshes} count lookups sent to Civic: loads for misses, refreshes in the background
 * while a cached verdict was served; {@code loadFailures} counts those of either that failed.
 *
 * @param hits         checks answered from the cache
 * @param misses       checks that waited for a lookup
 * @param loads        lookups a waiting check started
 * @param refreshes    lookups started in the background while the cached verdict was served
 * @param staleServes  hits served stale, past their time-to-live, because Civic failed
 * @param loadFailures lookups (loads or refreshes) that failed
 * @param size         verdicts held now (an estimate, as the cache counts them)
 */
public record GateStats(long hits, long misses, long loads, long refreshes, long staleServes, long loadFailures,
                        long size) {

    /**
     * Civic lookups sent, loads and refreshes together.
     *
     * @return {@code loads + refreshes}
     */
    public long lookups() {
        return loads + refreshes;
    }
}
