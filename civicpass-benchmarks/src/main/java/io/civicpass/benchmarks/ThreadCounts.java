package io.civicpass.benchmarks;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.model.PassState;
import io.civicpass.testkit.FakeCivic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many threads each transport starts under 64 concurrent callers: 64 calls kept in flight on
 * the asynchronous face, and 64 threads calling the blocking face, against an in-process fake.
 * Threads are sampled every 10 ms; the fake's, the callers' and those alive before the client was
 * built are not counted. Prints markdown rows.
 */
public final class ThreadCounts {

    static final int CALLERS = 64;
    static final int CALLS = 4_000;

    private ThreadCounts() {
    }

    /**
     * Counts.
     *
     * @param args none
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        System.out.println("| transport | face | calls | peak threads the client started | calls/s (indicative) |");
        System.out.println("|---|---|---|---|---|");
        for (String transport : new String[] {"feign", "retrofit", "vertx"}) {
            for (boolean async : new boolean[] {true, false}) {
                try (FakeCivic fake = FakeCivic.builder().journalCapacity(1_000).start()) {
                    fake.seedPass(Wire.KEY, PassState.ACTIVE);
                    Set<Thread> before = Thread.getAllStackTraces().keySet();
                    AtomicInteger peak = new AtomicInteger();
                    AtomicBoolean done = new AtomicBoolean();
                    Thread sampler = new Thread(() -> {
                        while (!done.get()) {
                            int count = 0;
                            for (Thread t : Thread.getAllStackTraces().keySet()) {
                                String name = t.getName();
                                if (!before.contains(t) && !name.startsWith("fake-civic") && !name.startsWith("caller-")
                                        && !name.equals("thread-sampler")) {
                                    count++;
                                }
                            }
                            peak.accumulateAndGet(count, Math::max);
                            try {
                                Thread.sleep(10);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }, "thread-sampler");
                    sampler.setDaemon(true);
                    sampler.start();
                    long started;
                    long elapsed;
                    try (CivicPassClient client = CivicPassClient.builder()
                            .config(fake.configBuilder().requestTimeout(Duration.ofSeconds(30)).build())
                            .transport(Transports.create(transport)).build()) {
                        client.get(Wire.KEY);
                        started = System.nanoTime();
                        if (async) {
                            runAsync(client.async());
                        } else {
                            runBlocking(client);
                        }
                        elapsed = System.nanoTime() - started;
                    }
                    done.set(true);
                    sampler.join();
                    System.out.printf("| %s | %s, %d in flight | %,d | %d | %,.0f |%n", transport,
                            async ? "async" : "blocking", CALLERS, CALLS, peak.get(), CALLS / (elapsed / 1e9));
                }
            }
        }
    }

    private static void runAsync(CivicPassAsyncClient client) {
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int started = 0; started < CALLS; started += CALLERS) {
            inFlight.clear();
            for (int i = 0; i < CALLERS; i++) {
                inFlight.add(client.find(Wire.KEY).toCompletableFuture());
            }
            CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0])).join();
        }
    }

    private static void runBlocking(CivicPassClient client) throws InterruptedException {
        AtomicInteger left = new AtomicInteger(CALLS);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            Thread caller = new Thread(() -> {
                while (left.getAndDecrement() > 0) {
                    client.find(Wire.KEY);
                }
            }, "caller-" + i);
            callers.add(caller);
            caller.start();
        }
        for (Thread caller : callers) {
            caller.join();
        }
    }
}
