package io.civicpass.benchmarks;

import io.civicpass.gate.GateStats;
import io.civicpass.gate.PassGate;
import io.civicpass.gate.Verdict;
import io.civicpass.testkit.Fault;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What civicpass-gate costs Civic, outside JMH since it is a count, not a time. One of:
 * <ul>
 *   <li>{@code lookups [checks] [ttlSeconds]}: 16 threads make {@code checks} (1,000,000) checks
 *       of Zipf-drawn wallets over 100,000 keys against the fake with 50 ms latency, ALLOWED
 *       living {@code ttlSeconds} (60) and refreshed a fifth of it ahead; prints Civic lookups per
 *       million checks and the ratio of lookups to distinct keys times refresh periods (target:
 *       at most 1.1).</li>
 *   <li>{@code failure [seconds]}: the same load, then the fake fails every lookup (503) for
 *       {@code seconds} (20): prints when the last stale verdict was served, against the
 *       stale-if-error bound (5 s past a 5 s time-to-live), and how many verdicts after it were
 *       not UNAVAILABLE (target: none).</li>
 *   <li>{@code memory [keys]}: run it with {@code -Xmx128m}: {@code keys} (1,000,000) distinct
 *       wallets checked once each at zero latency, the fake's journal bounded to 1,000, the
 *       gate's size limit 100,000; prints the gate's size and the heap used after a GC.</li>
 * </ul>
 */
public final class GateLookups {

    private static final int THREADS = 16;
    private static final int KEYS = 100_000;

    private GateLookups() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "lookups";
        switch (mode) {
            case "lookups":
                lookups(args.length > 1 ? Long.parseLong(args[1]) : 1_000_000, args.length > 2 ? Integer.parseInt(args[2]) : 60);
                break;
            case "failure":
                failure(args.length > 1 ? Integer.parseInt(args[1]) : 20);
                break;
            case "memory":
                memory(args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000);
                break;
            default:
                throw new IllegalArgumentException("mode must be lookups, failure or memory, was " + mode);
        }
    }

    private static void lookups(long checks, int ttlSeconds) throws InterruptedException {
        Duration ttl = Duration.ofSeconds(ttlSeconds);
        try (GateWorld world = new GateWorld(KEYS, true, Duration.ofMillis(50), Integer.MAX_VALUE);
             PassGate gate = world.gate(ttl, ttl.dividedBy(5)).build()) {
            int[] draws = GateWorld.zipf(KEYS, 1.0, 1 << 20, 7);
            Set<Integer> distinct = ConcurrentHashMap.newKeySet();
            AtomicLong left = new AtomicLong(checks);
            int before = world.lookups();
            long started = System.nanoTime();
            run(() -> {
                int cursor = (int) (Thread.currentThread().getId() * 65_537);
                while (left.getAndDecrement() > 0) {
                    int index = draws[(cursor++) & ((1 << 20) - 1)];
                    distinct.add(index);
                    gate.check(world.keys[index]);
                }
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            int lookups = world.lookups() - before;
            double periods = Math.ceil(seconds / ttlSeconds);
            GateStats stats = gate.stats();
            System.out.printf("checks %,d in %.1f s (%,.0f/s), distinct keys %,d, refresh periods %.0f (ttl %d s)%n",
                    checks, seconds, checks / seconds, distinct.size(), periods, ttlSeconds);
            System.out.printf("civic lookups %,d = %,.0f per million checks; lookups / (distinct x periods) = %.3f (target <= 1.1)%n",
                    lookups, lookups * 1e6 / checks, lookups / (distinct.size() * periods));
            System.out.println("gate " + stats);
        }
    }

    private static void failure(int seconds) throws InterruptedException {
        Duration ttl = Duration.ofSeconds(5);
        Duration bound = Duration.ofSeconds(5);
        try (GateWorld world = new GateWorld(KEYS, true, Duration.ofMillis(50), Integer.MAX_VALUE);
             PassGate gate = world.gate(ttl, Duration.ofSeconds(1)).staleIfError(bound).build()) {
            int[] draws = GateWorld.zipf(KEYS, 1.0, 1 << 20, 11);
            for (int i = 0; i < 2_000; i++) {
                gate.check(world.keys[draws[i]]);                      // a warm gate
            }
            world.fake.clearFaults();
            world.fake.inject(Fault.status(503), GateWorld.LOOKUPS, Integer.MAX_VALUE);
            long failedAt = System.nanoTime();
            long end = failedAt + Duration.ofSeconds(seconds).toNanos();
            long boundNanos = ttl.plus(bound).toNanos();               // no stale serve after it
            AtomicLong lastStale = new AtomicLong();
            LongAdder afterBound = new LongAdder();
            LongAdder notUnavailableAfterBound = new LongAdder();
            LongAdder stale = new LongAdder();
            run(() -> {
                int cursor = (int) (Thread.currentThread().getId() * 65_537);
                while (System.nanoTime() < end) {
                    Verdict verdict = gate.check(world.keys[draws[(cursor++) & ((1 << 20) - 1)]]);
                    long since = System.nanoTime() - failedAt;
                    if (verdict.stale()) {
                        stale.increment();
                        lastStale.accumulateAndGet(since, Math::max);
                    }
                    if (since > boundNanos) {
                        afterBound.increment();
                        if (verdict.kind() != Verdict.Kind.UNAVAILABLE) {
                            notUnavailableAfterBound.increment();
                        }
                    }
                }
            });
            System.out.printf("stale serves %,d; the last %.2f s after Civic began failing (time-to-live %d s + bound %d s = %d s)%n",
                    stale.sum(), lastStale.get() / 1e9, ttl.toSeconds(), bound.toSeconds(), ttl.plus(bound).toSeconds());
            System.out.printf("verdicts after %d s: %,d, of which not UNAVAILABLE: %,d (target 0)%n",
                    ttl.plus(bound).toSeconds(), afterBound.sum(), notUnavailableAfterBound.sum());
            System.out.println("gate " + gate.stats());
        }
    }

    private static void memory(int keyCount) {
        int limit = 100_000;
        try (GateWorld world = new GateWorld(0, false, Duration.ZERO, 1_000);
             PassGate gate = world.gate(Duration.ofSeconds(60), Duration.ofSeconds(10)).maximumSize(limit)
                     .timeToLive(Verdict.Kind.NOT_FOUND, Duration.ofMinutes(10)).build()) {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long peak = 0;
            for (int i = 0; i < keyCount; i++) {
                gate.check(GateWorld.key(i));
                if (i % 10_000 == 9_999) {
                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                }
            }
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            System.out.printf("keys %,d checked; gate size %,d (limit %,d); heap used after GC %.1f MiB of max %.1f MiB (peak sampled %.1f)%n",
                    keyCount, gate.stats().size(), limit, used / 1048576.0, memory.getHeapMemoryUsage().getMax() / 1048576.0,
                    peak / 1048576.0);
        }
    }

    private static void run(Runnable work) throws InterruptedException {
        Thread[] threads = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            threads[i] = new Thread(work, "checker-" + i);
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
