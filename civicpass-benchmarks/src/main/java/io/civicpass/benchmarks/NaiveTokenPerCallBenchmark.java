package io.civicpass.benchmarks;

import io.civicpass.CivicPassConfig;
import io.civicpass.model.PassState;
import io.civicpass.testkit.FakeCivic;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline for {@code CallOverheadBenchmark.client} (the cached client): a pass lookup done the way hand-written
 * integration scripts do it, requesting a new token before every call, with the JDK's HTTP
 * client against the same fake.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class NaiveTokenPerCallBenchmark {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private FakeCivic fake;
    private HttpClient http;
    private String basicAuthorization;
    private URI passUrl;

    /** Starts the fake and seeds the pass looked up. */
    @Setup(Level.Trial)
    public void start() {
        // Bounded: the journal of an unbounded fake would grow by every measured call.
        fake = FakeCivic.builder().journalCapacity(1_000).start();
        fake.seedPass(Wire.KEY, PassState.ACTIVE);
        CivicPassConfig config = fake.config();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String pair = config.credentials().clientId() + ":" + config.credentials().clientSecret();
        basicAuthorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        passUrl = URI.create(fake.apiUrl() + "/pass/" + Wire.KEY.chain() + "/"
                + Wire.KEY.network() + "/" + Wire.KEY.wallet());
    }

    /** Stops the fake. */
    @TearDown(Level.Trial)
    public void stop() {
        fake.close();
    }

    /**
     * A token request, then the lookup.
     *
     * @return the response body, so the JIT cannot drop the call
     * @throws IOException          on an I/O failure
     * @throws InterruptedException when interrupted
     */
    @Benchmark
    public String naiveTokenPerCall() throws IOException, InterruptedException {
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(fake.tokenUrl())
                .header("Authorization", basicAuthorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher matcher = ACCESS_TOKEN.matcher(token.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no access token in the token response");
        }
        return http.send(HttpRequest.newBuilder(passUrl).header("Authorization", "Bearer " + matcher.group(1)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
