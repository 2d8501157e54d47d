package io.civicpass.benchmarks;

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
 * What a test pays for a server in a warm JVM: from {@code FakeCivic.start()} (or WireMock's
 * {@code start()}, or a bare JDK {@code HttpServer}'s) to the first answered request. Each
 * iteration starts one server and sends one GET on a new connection; stopping it is not timed.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 20)
@Measurement(iterations = 30)
@Fork(3)
@State(Scope.Benchmark)
public class ServerStartBenchmark {

    /** Which server. */
    @Param({"fake", "wiremock", "bare"})
    public String server;

    private byte[] body;
    private AutoCloseable started;

    /** Reads the body the bare server answers. */
    @Setup(Level.Trial)
    public void body() {
        body = Servers.passBody();
    }

    /**
     * Stops the server the iteration started.
     *
     * @throws Exception when stopping fails
     */
    @TearDown(Level.Iteration)
    public void stop() throws Exception {
        if (started != null) {
            started.close();
            started = null;
        }
    }

    /**
     * Start, then one request answered (any status).
     *
     * @return the status
     */
    @Benchmark
    public int startToFirstAnswer() {
        started = Servers.startOnly(server, body);
        try (RawHttp http = new RawHttp(Servers.port(started), "/partner/pass", null)) {
            return http.get();
        }
    }
}
