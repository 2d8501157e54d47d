package io.civicpass.benchmarks;

import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.testkit.FakeCivic;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Looking a pass up against the fake Civic API over loopback HTTP: the library's client, which
 * reuses one cached token, on each transport. {@link NaiveTokenPerCallBenchmark} is the baseline;
 * {@link TokenCounts} counts the token requests each makes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class TokenReuseBenchmark {

    static final PassKey KEY = Wire.KEY;

    /** The transport the client uses. */
    @Param({"feign", "retrofit", "vertx"})
    public String transport;

    private FakeCivic fake;
    private CivicPassClient client;

    /** Starts the fake, seeds one pass and builds the client. */
    @Setup(Level.Trial)
    public void start() {
        // Bounded: the journal of an unbounded fake would grow by every measured call.
        fake = FakeCivic.builder().journalCapacity(1_000).start();
        fake.seedPass(KEY, PassState.ACTIVE);
        CivicPassConfig config = fake.configBuilder().requestTimeout(Duration.ofSeconds(10)).build();
        client = CivicPassClient.builder().config(config).transport(Transports.create(transport)).build();
    }

    /** Stops everything started. */
    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        fake.close();
    }

    /**
     * The library: one lookup with the cached token.
     *
     * @return the pass, so the JIT cannot drop the call
     */
    @Benchmark
    public Pass clientFind() {
        return client.get(KEY);
    }
}
