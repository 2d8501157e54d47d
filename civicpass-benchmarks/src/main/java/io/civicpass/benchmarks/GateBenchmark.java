package io.civicpass.benchmarks;

import io.civicpass.gate.PassGate;
import io.civicpass.gate.Verdict;
import io.civicpass.model.PassKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * civicpass-gate's checks side by side with a bare {@link ConcurrentHashMap} lookup of the same
 * keys: 16 threads checking wallets drawn from a Zipf distribution over 100,000 keys, against
 * the fake with 50 ms latency per lookup ({@code gate} against {@code bareMap}, checks per
 * second; the target is gate/bareMap at least 0.5); and the time of one cached check
 * ({@code cachedCheck}, sample time: its p99 is the figure). The gate is warmed with every key
 * before measuring, as a service's gate is after its first minute; misses after that come from
 * verdicts that expire (ALLOWED lives 60 s, refreshed 10 s ahead). Civic lookups per million
 * checks are counted by {@link GateLookups}, outside JMH.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GateBenchmark {

    @Param("100000")
    public int keys;
    @Param("50")
    public int latencyMillis;
    @Param("1.0")
    public double zipfExponent;

    private GateWorld world;
    private PassGate gate;
    private ConcurrentHashMap<PassKey, Verdict> map;
    private int[] draws;
    private final AtomicInteger threadSeq = new AtomicInteger();

    /** Each thread walks the shared draws from its own offset. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup(Level.Trial)
        public void place(GateBenchmark bench) {
            next = bench.threadSeq.getAndIncrement() * 65_537;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        world = new GateWorld(keys, true, Duration.ofMillis(latencyMillis), 10_000);
        gate = world.gate(Duration.ofSeconds(60), Duration.ofSeconds(10)).build();
        map = new ConcurrentHashMap<>();
        // Warm the gate with every key, 2,000 lookups in flight at a time (well within the
        // client's deadline at the fake's latency), and fill the map with the same verdicts.
        for (int from = 0; from < keys; from += 2_000) {
            List<CompletableFuture<Verdict>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(keys, from + 2_000); i++) {
                batch.add(gate.checkAsync(world.keys[i]).toCompletableFuture());
            }
            batch.forEach(CompletableFuture::join);
        }
        for (PassKey key : world.keys) {
            Verdict verdict = gate.check(key);
            if (!verdict.allowed()) {
                throw new IllegalStateException("warm-up left a key " + verdict.kind());
            }
            map.put(key, new Verdict(verdict.kind(), Optional.empty(), verdict.readAt(), false));
        }
        draws = GateWorld.zipf(keys, zipfExponent, 1 << 20, 42);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        gate.close();
        world.close();
    }

    private PassKey next(Cursor cursor) {
        return world.keys[draws[(cursor.next++) & ((1 << 20) - 1)]];
    }

    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    public boolean gate(Cursor cursor) {
        return gate.check(next(cursor)).allowed();
    }

    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    public boolean bareMap(Cursor cursor) {
        return map.get(next(cursor)).allowed();
    }

    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean cachedCheck() {
        return gate.check(world.keys[0]).allowed();          // the most popular key: always cached
    }
}
