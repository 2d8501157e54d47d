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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fake's HTTP face as a server: requests per second from 16 kept-alive connections (one per
 * thread, a minimal socket client writing fixed bytes), against WireMock with one stub of the
 * same body (journal on and off) and a bare JDK {@code HttpServer} returning the same bytes.
 * The fake checks the bearer token and routes the lookup; the others only answer.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@Threads(16)
public class FakeServerBenchmark {

    /** The server under load. */
    @State(Scope.Benchmark)
    public static class Server {
        /** Which server. */
        @Param({"fake", "fakeNoJournal", "wiremock", "wiremockNoJournal", "bare"})
        public String server;
        Servers.Running running;

        /** Starts it. */
        @Setup(Level.Trial)
        public void start() {
            running = Servers.start(server, Servers.passBody());
        }

        /** Stops it. */
        @TearDown(Level.Trial)
        public void stop() {
            running.close();
        }
    }

    /** One connection per thread. */
    @State(Scope.Thread)
    public static class Connection {
        RawHttp http;

        /**
         * Opens it.
         *
         * @param server the server
         */
        @Setup(Level.Trial)
        public void open(Server server) {
            http = new RawHttp(server.running.port(), server.running.path(), server.running.authorization());
        }

        /** Closes it. */
        @TearDown(Level.Trial)
        public void close() {
            http.close();
        }
    }

    /**
     * One lookup answered.
     *
     * @param connection the thread's connection
     * @return the status
     */
    @Benchmark
    public int lookup(Connection connection) {
        int status = connection.http.get();
        if (status != 200) {
            throw new IllegalStateException("lookup answered " + status);
        }
        return status;
    }
}
