package io.civicpass.benchmarks;

import io.civicpass.CivicPassClient;
import io.civicpass.gate.PassGate;
import io.civicpass.gate.Verdict;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RequestMatcher;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * What the gate benchmarks share: keys, a Zipf draw over them, and the fake Civic with its
 * latency, reached through the in-memory transport (so the lookups counted are the fake's
 * journal's, and no socket stands between gate and fake).
 */
final class GateWorld implements AutoCloseable {

    /** The fake's lookups, as its journal matches them. */
    static final RequestMatcher LOOKUPS = RequestMatcher.of("GET", "/partner/pass/**");

    final PassKey[] keys;
    final FakeCivic fake;
    final CivicPassClient client;

    /**
     * @param keyCount how many distinct wallets
     * @param seeded   whether each has an ACTIVE pass (else every verdict is NOT_FOUND)
     * @param latency  the fake's delay before each lookup
     * @param journal  the journal's capacity
     */
    GateWorld(int keyCount, boolean seeded, Duration latency, int journal) {
        keys = new PassKey[keyCount];
        for (int i = 0; i < keyCount; i++) {
            keys[i] = key(i);
        }
        fake = FakeCivic.builder().journalCapacity(journal).start();
        if (seeded) {
            for (PassKey key : keys) {
                fake.seedPass(key, PassState.ACTIVE);
            }
        }
        if (!latency.isZero()) {
            fake.inject(Fault.latency(latency), LOOKUPS, Integer.MAX_VALUE);
        }
        client = CivicPassClient.builder().config(fake.config()).transport(fake.inMemoryTransport()).build();
    }

    /** The wallet of index {@code i}, made anew (the memory run keeps no array of a million keys). */
    static PassKey key(int i) {
        return PassKey.of(ChainNetwork.SEPOLIA, String.format("0x%040x", i + 1));
    }

    PassGate.Builder gate(Duration allowedTtl, Duration refreshAhead) {
        return PassGate.builder(client).maximumSize(Math.max(1, keys.length)).refreshAhead(refreshAhead)
                .timeToLive(Verdict.Kind.ALLOWED, allowedTtl);
    }

    int lookups() {
        return fake.journal().count(LOOKUPS);
    }

    /**
     * Key indices drawn from a Zipf distribution (exponent {@code s}) over {@code n} keys, rank 1
     * most popular: the inverse of the cumulative distribution by binary search.
     */
    static int[] zipf(int n, double s, int draws, long seed) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1.0 / Math.pow(k, s);
            cumulative[k - 1] = sum;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[draws];
        for (int i = 0; i < draws; i++) {
            double u = random.nextDouble() * sum;
            int lo = 0;
            int hi = n - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out[i] = lo;
        }
        return out;
    }

    @Override
    public void close() {
        client.close();
        fake.close();
    }
}
