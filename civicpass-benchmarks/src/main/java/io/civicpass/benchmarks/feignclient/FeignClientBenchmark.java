package io.civicpass.benchmarks.feignclient;

import io.civicpass.CivicPassClient;
import io.civicpass.model.Pass;
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
 * One lookup on one thread against the fake over loopback HTTP, through the Feign transport over
 * each candidate HTTP client (see {@link Candidate} and {@link FeignClientChoice}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Djdk.httpclient.allowRestrictedHeaders=connection")
public class FeignClientBenchmark {

    /** The candidate under test. */
    @Param({"FEIGN_DEFAULT", "JDK_BOUNDED", "JDK_BOUNDED_CONNECTION_CLOSE", "OKHTTP", "HC5", "URLCONNECTION"})
    public String candidate;

    private FakeCivic fake;
    private Candidate.Opened opened;
    private CivicPassClient client;

    /** Starts the fake, seeds one pass and builds the client. */
    @Setup(Level.Trial)
    public void start() {
        fake = FakeCivic.start();
        fake.seedPass(FeignClientChoice.KEY, PassState.ACTIVE);
        opened = Candidate.valueOf(candidate).open(Duration.ofSeconds(5), 64);
        client = CivicPassClient.builder().config(fake.configBuilder().requestTimeout(Duration.ofSeconds(10)).build())
                .transport(opened.transport()).build();
    }

    /**
     * Stops everything started.
     *
     * @throws Exception when the candidate fails to close
     */
    @TearDown(Level.Trial)
    public void stop() throws Exception {
        client.close();
        opened.release().close();
        fake.close();
    }

    /**
     * One lookup with the cached token.
     *
     * @return the pass
     */
    @Benchmark
    public Pass get() {
        return client.get(FeignClientChoice.KEY);
    }
}
