package io.civicpass.benchmarks.feignclient;

import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.testkit.FakeCivic;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Measures the candidates for the Feign transport's default HTTP client side by side, each in a
 * JVM of its own (thread counts are per JVM):
 *
 * <ol>
 *   <li>{@code lifecycle}: 200 cycles of create a Civic client, look a pass up, close it (and
 *       release the candidate); then, 2 s later, the threads the cycles left behind and the
 *       sockets still open to the fake. Run under the Epsilon collector, so no garbage
 *       collection can release anything;</li>
 *   <li>{@code load}: 64 threads looking a pass up on one client for 10 s after 3 s of warm-up:
 *       calls per second and the most threads (beyond the callers and the fake's) seen.</li>
 * </ol>
 *
 * <p>{@code latency [candidates]}: in one JVM, every candidate's client side by side against one
 * fake, single-threaded lookups in interleaved rounds (2,000 lookups per candidate per round,
 * after 3,000 to warm up), so that load from other processes on a shared machine falls on all
 * candidates alike; the median and the best round's mean time per lookup.
 *
 * <p>Run {@code java -cp civicpass-benchmarks/target/benchmarks.jar
 * io.civicpass.benchmarks.feignclient.FeignClientChoice} for every candidate, or with a
 * candidate's name and a phase for one. The single-threaded time per call is
 * {@link FeignClientBenchmark}'s (JMH).
 */
public final class FeignClientChoice {

    static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");
    private static final int CYCLES = 200;
    private static final int CALLERS = 64;

    private FeignClientChoice() {
    }

    /**
     * Runs the measurements.
     *
     * @param args nothing (every candidate, each in its own JVM), or a candidate and a phase
     * @throws Exception when a measurement fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("latency")) {
            List<Candidate> candidates = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                candidates.add(Candidate.valueOf(args[i]));
            }
            latency(candidates.isEmpty() ? List.of(Candidate.values()) : candidates);
            return;
        }
        if (args.length == 2) {
            Candidate candidate = Candidate.valueOf(args[0]);
            if (args[1].equals("lifecycle")) {
                lifecycle(candidate);
            } else {
                load(candidate);
            }
            return;
        }
        List<Candidate> candidates = new ArrayList<>();
        for (String name : args) {
            candidates.add(Candidate.valueOf(name));
        }
        if (candidates.isEmpty()) {
            candidates.addAll(List.of(Candidate.values()));
        }
        for (Candidate candidate : candidates) {
            if (Boolean.getBoolean("choice.loadOnly")) {
                fork(candidate, "load", List.of("-Xmx1g", "-Dchoice.seconds=" + Integer.getInteger("choice.seconds", 10)));
                continue;
            }
            fork(candidate, "lifecycle", List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-Xms4g",
                    "-Xmx4g"));
            fork(candidate, "load", List.of("-Xmx1g"));
        }
    }

    private static void fork(Candidate candidate, String phase, List<String> options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        if (!candidate.jvmProperty().isEmpty()) {
            command.add(candidate.jvmProperty());
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FeignClientChoice.class.getName());
        command.add(candidate.name());
        command.add(phase);
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(candidate + " " + phase + " did not finish");
        }
    }

    private static void lifecycle(Candidate candidate) throws Exception {
        try (FakeCivic fake = FakeCivic.start()) {
            fake.seedPass(KEY, PassState.ACTIVE);
            Set<String> before = threadNames();
            long gcBefore = collections();
            long start = System.nanoTime();
            for (int i = 0; i < CYCLES; i++) {
                Candidate.Opened opened = candidate.open(Duration.ofSeconds(5), 64);
                try (CivicPassClient client = CivicPassClient.builder().config(config(fake))
                        .transport(opened.transport()).build()) {
                    client.get(KEY);
                } finally {
                    opened.release().close();
                }
            }
            long cyclesMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Thread.sleep(2_000);
            Map<String, Integer> left = newThreads(before);
            int sockets = clientSockets(fake.port());
            System.out.printf(Locale.ROOT, "%-28s lifecycle: %d cycles in %d ms; 2 s after: %d threads left %s,"
                            + " %d sockets open to the fake; collections: %d%n",
                    candidate, CYCLES, cyclesMillis, left.values().stream().mapToInt(Integer::intValue).sum(), left,
                    sockets, collections() - gcBefore);
        }
    }

    private static void load(Candidate candidate) throws Exception {
        try (FakeCivic fake = FakeCivic.start()) {
            fake.seedPass(KEY, PassState.ACTIVE);
            Set<String> before = threadNames();
            Candidate.Opened opened = candidate.open(Duration.ofSeconds(5), 64);
            try (CivicPassClient client = CivicPassClient.builder().config(config(fake))
                    .transport(opened.transport()).build()) {
                client.get(KEY);
                AtomicBoolean measuring = new AtomicBoolean();
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong calls = new AtomicLong();
                AtomicLong failures = new AtomicLong();
                CountDownLatch done = new CountDownLatch(CALLERS);
                for (int i = 0; i < CALLERS; i++) {
                    Thread caller = new Thread(() -> {
                        try {
                            while (!stop.get()) {
                                try {
                                    client.get(KEY);
                                    if (measuring.get()) {
                                        calls.incrementAndGet();
                                    }
                                } catch (RuntimeException failed) {
                                    failures.incrementAndGet();
                                }
                            }
                        } finally {
                            done.countDown();
                        }
                    }, "caller-" + i);
                    caller.setDaemon(true);
                    caller.start();
                }
                Thread.sleep(3_000);
                measuring.set(true);
                long start = System.nanoTime();
                int peakThreads = 0;
                int peakSockets = 0;
                Map<String, Integer> atPeak = Map.of();
                while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(Integer.getInteger("choice.seconds", 10))) {
                    Map<String, Integer> threads = newThreads(before);
                    int count = threads.values().stream().mapToInt(Integer::intValue).sum();
                    if (count > peakThreads) {
                        peakThreads = count;
                        atPeak = threads;
                    }
                    peakSockets = Math.max(peakSockets, clientSockets(fake.port()));
                    Thread.sleep(100);
                }
                measuring.set(false);
                double seconds = (System.nanoTime() - start) / 1e9;
                long measured = calls.get();
                stop.set(true);
                done.await(30, TimeUnit.SECONDS);
                System.out.printf(Locale.ROOT, "%-28s load (%d callers): %.0f calls/s, %d failures; at most %d client"
                                + " threads %s and %d sockets%n", candidate, CALLERS, measured / seconds,
                        failures.get(), peakThreads, atPeak, peakSockets);
            } finally {
                opened.release().close();
            }
        }
    }

    private static void latency(List<Candidate> candidates) throws Exception {
        int warmUp = Integer.getInteger("choice.warmup", 3_000);
        int perRound = Integer.getInteger("choice.calls", 2_000);
        int rounds = Integer.getInteger("choice.rounds", 7);
        try (FakeCivic fake = FakeCivic.start()) {
            fake.seedPass(KEY, PassState.ACTIVE);
            List<Candidate.Opened> opened = new ArrayList<>();
            List<CivicPassClient> clients = new ArrayList<>();
            for (Candidate candidate : candidates) {
                Candidate.Opened one = candidate.open(Duration.ofSeconds(5), 64);
                opened.add(one);
                clients.add(CivicPassClient.builder().config(config(fake)).transport(one.transport()).build());
            }
            for (CivicPassClient client : clients) {
                for (int i = 0; i < warmUp; i++) {
                    client.get(KEY);
                }
            }
            double[][] micros = new double[candidates.size()][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int c = 0; c < clients.size(); c++) {
                    CivicPassClient client = clients.get(c);
                    long start = System.nanoTime();
                    for (int i = 0; i < perRound; i++) {
                        client.get(KEY);
                    }
                    micros[c][round] = (System.nanoTime() - start) / 1e3 / perRound;
                }
            }
            for (int c = 0; c < candidates.size(); c++) {
                double[] sorted = micros[c].clone();
                java.util.Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "%-28s latency: median %.0f us, best round %.0f us per lookup (%d rounds"
                        + " of %d)%n", candidates.get(c), sorted[rounds / 2], sorted[0], rounds, perRound);
            }
            for (int c = 0; c < clients.size(); c++) {
                clients.get(c).close();
                opened.get(c).release().close();
            }
        }
    }

    private static CivicPassConfig config(FakeCivic fake) {
        return fake.configBuilder().requestTimeout(Duration.ofSeconds(10)).build();
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
    }

    /**
     * Threads started since {@code before}, other than the fake's and the callers, counted by name
     * with digits folded (so {@code OkHttp-1} and {@code OkHttp-2} count as one kind).
     */
    private static Map<String, Integer> newThreads(Set<String> before) {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (before.contains(name) || name.startsWith("fake-civic-") || name.startsWith("caller-")
                    || name.startsWith("HTTP-Dispatcher")) {
                continue;
            }
            kinds.merge(name.replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
        return kinds;
    }

    /** Client-side TCP sockets to the fake's port in any state but TIME_WAIT (which holds no descriptor). */
    static int clientSockets(int port) throws IOException {
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 4 || !fields[1].contains(":")) {
                    continue;
                }
                int remotePort = Integer.parseInt(fields[2].substring(fields[2].indexOf(':') + 1), 16);
                String state = fields[3];
                if (remotePort == port && !state.equals("06")) {
                    count++;
                }
            }
        }
        return count;
    }

    private static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }
}
