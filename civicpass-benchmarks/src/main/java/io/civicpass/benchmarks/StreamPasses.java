package io.civicpass.benchmarks;

import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.model.GatekeeperNetwork;
import io.civicpass.model.PassQuery;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Streams every pass of a fake in another process through {@code client.stream(...)} (auto-
 * pagination, 100 a page), to be run under {@code -Xmx64m}: prints one markdown row with the
 * passes seen, the wall time and the client's CPU time per 1,000, and the peak heap (the largest heap in use sampled every
 * 5 ms, and the JVM's own per-pool peaks summed).
 */
public final class StreamPasses {

    private StreamPasses() {
    }

    /** The client process's CPU time: the wall time also counts the fake's, in its own process. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }

    /**
     * Runs one stream.
     *
     * @param args transport name, the fake's port, the passes expected
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        String transport = args[0];
        int port = Integer.parseInt(args[1]);
        long expected = Long.parseLong(args[2]);
        String base = "http://127.0.0.1:" + port;
        CivicPassConfig config = CivicPassConfig.builder().apiUrl(base + "/partner").tokenUrl(base + "/oauth/token")
                .credentials(CivicPassConfig.SANDBOX_CREDENTIALS).gatekeeperNetwork(GatekeeperNetwork.SANDBOX)
                .requestTimeout(Duration.ofSeconds(30)).build();
        AtomicLong peakSampled = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakSampled.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        LongAdder seen = new LongAdder();
        long started;
        long elapsed;
        long cpuStarted;
        long cpu;
        try (CivicPassClient client = CivicPassClient.builder().config(config).transport(Transports.create(transport))
                .build()) {
            client.list(PassQuery.all().withLimit(1)); // the token, and the first connection, outside the timing
            cpuStarted = processCpuNanos();
            started = System.nanoTime();
            client.stream(PassQuery.all().withLimit(PassQuery.MAX_LIMIT)).forEach(pass -> {
                if (pass.events().isEmpty()) {
                    throw new IllegalStateException("a pass without events");
                }
                seen.increment();
            });
            elapsed = System.nanoTime() - started;
            cpu = processCpuNanos() - cpuStarted;
        }
        sampler.interrupt();
        sampler.join();
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        long max = Runtime.getRuntime().maxMemory();
        double perThousandMs = elapsed / 1e6 / (seen.sum() / 1000.0);
        System.out.printf("| %s | %,d | %.1f | %.2f | %.2f | %.1f | %.1f | %.0f |%n", transport, seen.sum(), elapsed / 1e9,
                perThousandMs, cpu / 1e6 / (seen.sum() / 1000.0), peakSampled.get() / 1048576.0, poolPeaks / 1048576.0,
                max / 1048576.0);
        if (seen.sum() != expected) {
            System.err.println(transport + ": streamed " + seen.sum() + " passes, expected " + expected);
            System.exit(1);
        }
    }
}
