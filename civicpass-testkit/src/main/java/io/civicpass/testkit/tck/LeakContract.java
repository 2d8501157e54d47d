package io.civicpass.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.error.AuthenticationException;
import io.civicpass.error.CivicApiException;
import io.civicpass.error.InvalidRequestException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.error.ServerException;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.ClientCredentials;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PiiStatus;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.PiiSeed;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.testkit.tck.ContractHarness.AsyncCalls;
import io.civicpass.testkit.tck.ContractHarness.Calls;
import io.civicpass.testkit.tck.TransportContract.Mode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing left behind: closing a client ends the threads and closes the connections it started,
 * within 2 s and without a garbage collection; and no log line, at any level, holds the client
 * secret, an access token or personal data, even when Civic echoes them in its error bodies.
 */
abstract class LeakContract extends ContractGroup {

    /** How soon after {@code close()} a client's threads and connections must be gone. */
    private static final Duration RELEASE_BOUND = Duration.ofSeconds(2);
    /** How many calls run at once while a client is used, so that it opens several connections. */
    private static final int CONCURRENT = 16;

    /** The personal data of {@link PiiSeed#idDocument()} that must never show. */
    private static final List<String> PII = List.of("Jane Quinn Doe", "0123456789", "jane.doe@example.com",
            "1 Example Street, London", "did:sol:4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ");

    /**
     * The group over the harness of its enclosing contract.
     *
     * @param harness the harness
     */
    LeakContract(ContractHarness harness) {
        super(harness);
    }

    /**
     * A client used for a few calls, 16 of them at once, then closed: within 2 s every thread
     * that started while it lived has ended and every connection it opened to the fake is closed,
     * with no garbage collection to help. Threads of the fake, of the test class's shared
     * resources ({@link TransportContract#sharedThread(Thread)}) and of the JVM's common pool are
     * not the client's. A first client is used and closed the same way before the one measured,
     * so that what a library starts once for the whole JVM (a shared timer or task runner) is
     * there before the count starts: only what each client leaves behind counts.
     *
     * @param mode the client face
     * @throws Exception when the calls fail
     */
    @ParameterizedTest
    @MethodSource("faces")
    void closeReleasesThreadsAndConnections(Mode mode) throws Exception {
        List<PassKey> keys = seedPasses(CONCURRENT);
        useAndClose(mode, keys);

        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        Set<InetSocketAddress> connectionsBefore = new HashSet<>(fake().openConnections());
        int opened = useAndClose(mode, keys);
        Waits.until(RELEASE_BOUND, () -> leftThreads(threadsBefore).isEmpty()
                && leftConnections(connectionsBefore).isEmpty());
        List<String> threads = leftThreads(threadsBefore);
        List<InetSocketAddress> connections = leftConnections(connectionsBefore);
        SoftAssertions left = new SoftAssertions();
        left.assertThat(threads).as("threads still running %d ms after close()", RELEASE_BOUND.toMillis()).isEmpty();
        left.assertThat(connections).as("connections to the fake still open %d ms after close(), of %d the client had open",
                RELEASE_BOUND.toMillis(), opened).isEmpty();
        left.assertAll();
    }

    /**
     * Builds a client, uses it (a token, a list, a lookup of a pass that does not exist, and
     * {@value #CONCURRENT} lookups at once) and closes it.
     *
     * @return how many connections to the fake were open, beyond those open before, just before
     *         the client was closed
     */
    private int useAndClose(Mode mode, List<PassKey> keys) throws Exception {
        Set<InetSocketAddress> before = new HashSet<>(fake().openConnections());
        List<Pass> found = new ArrayList<>();
        AutoCloseable client;
        if (mode == Mode.SYNC) {
            CivicPassClient civic = syncClient(UnaryOperator.identity());
            client = civic;
            assertThat(civic.list(PassQuery.all().withLimit(CONCURRENT)).items()).hasSize(keys.size());
            assertThat(civic.find(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet()))).isEmpty();
            ExecutorService callers = Executors.newFixedThreadPool(CONCURRENT);
            try {
                List<Future<Pass>> results = new ArrayList<>();
                for (PassKey key : keys) {
                    results.add(callers.submit(() -> civic.get(key)));
                }
                for (Future<Pass> result : results) {
                    found.add(result.get(30, TimeUnit.SECONDS));
                }
            } finally {
                callers.shutdownNow();
                assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).as("callers ended").isTrue();
            }
        } else {
            CivicPassAsyncClient async = asyncClient(UnaryOperator.identity());
            client = async;
            AdaptedFace.Calls civic = stages(mode, async);
            assertThat(AsyncCalls.join(civic.list(PassQuery.all().withLimit(CONCURRENT))).items()).hasSize(keys.size());
            assertThat(AsyncCalls.join(civic.find(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet())))).isEmpty();
            List<CompletableFuture<Pass>> results = new ArrayList<>();
            for (PassKey key : keys) {
                results.add(civic.get(key).toCompletableFuture());
            }
            for (CompletableFuture<Pass> result : results) {
                found.add(AsyncCalls.join(result));
            }
        }
        assertThat(found).extracting(Pass::walletAddress)
                .containsExactlyElementsOf(keys.stream().map(key -> key.wallet().value()).toList());
        int opened = leftConnections(before).size();
        client.close();
        return opened;
    }

    /** The threads alive now that were not before, other than the fake's, the shared ones and the JVM's. */
    private List<String> leftThreads(Set<Thread> before) {
        List<String> left = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !before.contains(thread) && !fakeOrJvmThread(thread) && !sharedThread(thread)) {
                left.add(thread.getName());
            }
        }
        return left;
    }

    private static boolean fakeOrJvmThread(Thread thread) {
        return thread.getName().startsWith("fake-civic-") // the fake's server and timers
                || thread instanceof ForkJoinWorkerThread worker && worker.getPool() == ForkJoinPool.commonPool();
    }

    private List<InetSocketAddress> leftConnections(Set<InetSocketAddress> before) {
        List<InetSocketAddress> left = new ArrayList<>(fake().openConnections());
        left.removeAll(before);
        return left;
    }

    /**
     * Error bodies that echo secrets and personal data (a wrong client secret's 401, a PII
     * decision's 409 and 422, the API's 404 and 422, a 502 quoting the bearer token), and a PII
     * read that succeeds, through the transport logging all it can, with every
     * {@code java.util.logging} and {@link System.Logger} logger at its finest level: no log line
     * and no exception (with causes and suppressed ones) holds the client secret, its Basic
     * credentials, an access token or the personal data. Lines written at the finest level through
     * both logging APIs are captured, so a leak would show.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void echoedSecretsNeverReachLogs(Mode mode) {
        fake().echoSecretsInErrors(true);
        String wrongSecret = "wrong-secret-" + mode.name().toLowerCase(Locale.ROOT) + "-5be1d2";
        ClientCredentials sandbox = CivicPassConfig.SANDBOX_CREDENTIALS;
        String canary = "contract-log-canary-" + UUID.randomUUID();
        List<Throwable> failures = new ArrayList<>();
        List<String> lines;
        try (LogCapture capture = LogCapture.install()) {
            System.getLogger(LeakContract.class.getName()).log(System.Logger.Level.TRACE, canary + " system-logger");
            Logger.getLogger(LeakContract.class.getName()).finest(canary + " java.util.logging");

            Calls wrong = calls(mode, createLoggingTransport(),
                    config -> config.credentials(ClientCredentials.of(sandbox.clientId(), wrongSecret)));
            failures.add(expect(AuthenticationException.class,
                    () -> wrong.find(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet()))));

            Calls civic = calls(mode, createLoggingTransport(), UnaryOperator.identity());
            String read = fake().seedPii(PiiSeed.idDocument());
            assertThat(civic.pii(read).verifiedInformation().name()).contains(PII.get(0));

            String waiting = fake().seedPii(PiiSeed.idDocument().status(PiiStatus.AWAITING_USER));
            InvalidRequestException decision = expect(InvalidRequestException.class, () -> civic.approvePii(waiting));
            assertThat(decision.status()).isEqualTo(409);
            failures.add(decision);

            String refused = fake().seedPii(PiiSeed.idDocument());
            fake().inject(Fault.status(422).withBody("{\"error\":\"unprocessable\",\"message\":\"cannot reject "
                    + String.join(", ", PII) + "\"}"), RequestMatcher.of("PUT", "/partner/piirequest/*/status"), 1);
            InvalidRequestException unprocessablePii = expect(InvalidRequestException.class,
                    () -> civic.rejectPii(refused));
            assertThat(unprocessablePii.status()).isEqualTo(422);
            failures.add(unprocessablePii);

            PassKey missing = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
            failures.add(expect(PassNotFoundException.class, () -> civic.get(missing)));

            fake().inject(Fault.status(422), RequestMatcher.of("POST", "/partner/pass"), 1);
            CivicApiException unprocessable = expect(CivicApiException.class, () -> civic.list(PassQuery.all()));
            assertThat(unprocessable.status()).isEqualTo(422);
            failures.add(unprocessable);

            String token = bearerTokens().iterator().next();
            fake().inject(Fault.status(502).withBody("{\"error\":\"bad_gateway\",\"message\":\"upstream refused "
                    + "Authorization: Bearer " + token + "\"}"),
                    RequestMatcher.of("GET", "/partner/pass/**"), 3);
            ServerException unavailable = expect(ServerException.class, () -> civic.get(missing));
            assertThat(unavailable.status()).isEqualTo(502);
            failures.add(unavailable);

            lines = capture.lines();
        }

        Set<String> secrets = new HashSet<>(bearerTokens());
        secrets.add(wrongSecret);
        secrets.add(sandbox.clientSecret());
        secrets.add(basic(sandbox.clientId(), wrongSecret));
        secrets.add(basic(sandbox.clientId(), sandbox.clientSecret()));
        secrets.addAll(PII);
        assertThat(bearerTokens()).as("tokens the fake handed out").isNotEmpty();
        assertThat(lines).as("captured at the finest level of both logging APIs")
                .anyMatch(line -> line.contains(canary + " system-logger"))
                .anyMatch(line -> line.contains(canary + " java.util.logging"));
        assertThat(lines).as("the client's own warnings: the refused token and the 502s it gave up on")
                .anyMatch(line -> line.startsWith("WARNING io.civicpass: civicpass token fetch"))
                .anyMatch(line -> line.startsWith("WARNING io.civicpass: ") && line.contains(" gave up after 3 attempts"));
        for (String line : lines) {
            for (String secret : secrets) {
                assertThat(line).as("a log line").doesNotContain(secret);
            }
        }
        for (Throwable failure : failures) {
            HarshWorldContract.assertNothingEchoed(failure, secrets);
        }
    }

    private static String basic(String id, String secret) {
        return Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
