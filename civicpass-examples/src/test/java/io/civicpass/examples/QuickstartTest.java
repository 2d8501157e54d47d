package io.civicpass.examples;

import static io.civicpass.testkit.assertj.CivicAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassConfig;
import io.civicpass.model.GatekeeperNetwork;
import io.civicpass.model.Pass;
import io.civicpass.model.PassState;
import io.civicpass.model.PiiStatus;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.PiiSeed;
import io.civicpass.testkit.RequestMatcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The quickstart, run in this JVM as a user runs it: each transport on the embedded fake, and the credentials path. */
class QuickstartTest {

    private static final String CLIENT_ID = "quickstart-test-client";
    private static final String CLIENT_SECRET = "quickstart-test-secret-9f2c1d";

    /** The story's steps in order, each with what its line must show. */
    private static final List<String[]> STEPS = List.of(
            new String[] {" 1. issue ", "state=ACTIVE", "onChainState=FROZEN", "[TOKEN_ISSUED_INITIATED]"},
            new String[] {" 2. await confirmation ", "state=ACTIVE", "onChainState=ACTIVE", "[TOKEN_ISSUED]"},
            new String[] {" 3. freeze ", "state=FROZEN", "onChainState=FROZEN", "[TOKEN_FROZEN]"},
            new String[] {" 4. unfreeze ", "state=ACTIVE", "onChainState=ACTIVE", "[TOKEN_UNFROZEN]"},
            new String[] {" 5. force refresh ", "state=ACTIVE", "onChainState=ACTIVE", "[TOKEN_EXPIRY_CHANGED]"},
            new String[] {" 6. list ACTIVE of wallet ", "1 pass(es): state=ACTIVE", "onChainState=ACTIVE"},
            new String[] {" 7. revoke ", "state=REVOKED", "onChainState=REVOKED", "[TOKEN_REVOKED]"},
            new String[] {" 8. read PII request ", "status verification-success", "2 evidence item(s)"},
            new String[] {" 9. download evidence ", "idDocumentFront: image/jpeg"},
            new String[] {"10. approve PII ", "decision partner-pass recorded"});

    private static final Pattern TIMED = Pattern.compile("^\\s?\\d+\\. .{21} +\\d+ ms  .*");

    @ParameterizedTest
    @ValueSource(strings = {"feign", "retrofit", "vertx"})
    void tellsAPassesWholeLifeOnTheEmbeddedFakeAndLeavesNoThreadBehind(String transport) throws InterruptedException {
        Set<Thread> before = liveNonDaemonThreads();
        // A URL without credentials does not send the quickstart anywhere: it says so and embeds the fake.
        Run run = run(List.of("--transport=" + transport),
                Map.of(CivicPassConfig.ENV_API_URL, "https://civic.example/partner"));

        assertThat(run.status).as(run.output).isEqualTo(Quickstart.OK);
        assertThat(run.output).contains("CIVIC_API_URL is ignored: without CIVIC_CLIENT_ID and CIVIC_CLIENT_SECRET")
                .contains("over " + transport + ", against the embedded fake Civic API at http://127.0.0.1:")
                .contains("CIVIC_CLIENT_ID and CIVIC_CLIENT_SECRET are not set");
        assertStory(run.output);
        assertThat(run.output).doesNotContain("Jane").doesNotContain("0123456789"); // the seeded PII is never printed
        assertThat(threadsLeftBehind(before)).as("non-daemon threads still running after the quickstart returned").isEmpty();
    }

    @Test
    void withCredentialsRunsTheSameStoryAgainstTheConfiguredCivicOnTheDefaultTransport() {
        try (FakeCivic civic = FakeCivic.start()) {
            civic.registerClient(CLIENT_ID, CLIENT_SECRET, GatekeeperNetwork.SANDBOX);
            String piiRequestId = civic.seedPii(PiiSeed.idDocument().forClient(CLIENT_ID));

            Run run = run(List.of(), credentials(civic, Map.of(Quickstart.ENV_PII_REQUEST_ID, piiRequestId)));

            assertThat(run.status).as(run.output).isEqualTo(Quickstart.OK);
            assertThat(run.output).contains("over " + Quickstart.DEFAULT_TRANSPORT + ", against Civic at " + civic.apiUrl()
                    + " (token endpoint " + civic.tokenUrl() + "), with the credentials in CIVIC_CLIENT_ID")
                    .doesNotContain("embedded").doesNotContain(CLIENT_SECRET);
            assertStory(run.output);
            List<Pass> passes = civic.passes();
            assertThat(passes).hasSize(1);
            assertThat(civic.pass(CLIENT_ID, passes.get(0).key())).as("the pass belongs to the configured client")
                    .hasValueSatisfying(pass -> assertThat(pass).hasState(PassState.REVOKED).isSettled());
            assertThat(civic.piiStatus(piiRequestId)).isEqualTo(PiiStatus.PARTNER_PASS);
        }
    }

    @Test
    void withCredentialsAndNoPiiRequestNamedTheReviewIsSkippedAndSaysHowToAskForIt() {
        try (FakeCivic civic = FakeCivic.start()) {
            civic.registerClient(CLIENT_ID, CLIENT_SECRET, GatekeeperNetwork.SANDBOX);

            Run run = run(List.of("--transport=feign"), credentials(civic, Map.of()));

            assertThat(run.status).as(run.output).isEqualTo(Quickstart.OK);
            assertThat(run.output).contains(" 7. revoke ").contains("PII review skipped: set CIVIC_PII_REQUEST_ID")
                    .doesNotContain("read PII request").contains("Done: 7 steps");
        }
    }

    @Test
    void refusedCredentialsFailTheRunAtTheFirstStepWithoutShowingTheSecret() {
        try (FakeCivic civic = FakeCivic.start()) {
            Map<String, String> environment = credentials(civic, Map.of()); // never registered: Civic refuses it

            Run run = run(List.of(), environment);

            assertThat(run.status).isEqualTo(Quickstart.FAILED);
            assertThat(run.output).contains("FAILED at step issue: io.civicpass.error.AuthenticationException")
                    .doesNotContain(CLIENT_SECRET).doesNotContain("Done:");
            assertThat(civic.journal().count(RequestMatcher.apiRequests())).isZero();
        }
    }

    @Test
    void halfTheCredentialsIsAUsageErrorNamingTheMissingVariable() {
        Run run = run(List.of(), Map.of(CivicPassConfig.ENV_CLIENT_ID, CLIENT_ID));

        assertThat(run.status).isEqualTo(Quickstart.USAGE);
        assertThat(run.output).contains("cannot configure the client from the environment")
                .contains(CivicPassConfig.ENV_CLIENT_SECRET);
    }

    @Test
    void anUnknownTransportOrArgumentIsAUsageError() {
        Run unknownTransport = run(List.of("--transport=grpc"), Map.of());
        Run unknownArgument = run(List.of("--fast"), Map.of());

        assertThat(unknownTransport.status).isEqualTo(Quickstart.USAGE);
        assertThat(unknownTransport.output).contains("--transport must be feign, retrofit or vertx, was 'grpc'")
                .contains("usage:");
        assertThat(unknownArgument.status).isEqualTo(Quickstart.USAGE);
        assertThat(unknownArgument.output).contains("unknown argument '--fast'");
    }

    private static void assertStory(String output) {
        List<String> lines = output.lines().collect(Collectors.toList());
        int previous = -1;
        for (String[] step : STEPS) {
            int index = indexOfLineStartingWith(lines, step[0]);
            assertThat(index).as("line of step '%s' in%n%s", step[0].strip(), output).isGreaterThan(previous);
            String line = lines.get(index);
            assertThat(line).as("step line").matches(TIMED);
            for (int i = 1; i < step.length; i++) {
                assertThat(line).contains(step[i]);
            }
            previous = index;
        }
        assertThat(output).contains("Done: " + STEPS.size() + " steps in ").contains("client closed.");
    }

    private static int indexOfLineStartingWith(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> credentials(FakeCivic civic, Map<String, String> more) {
        Map<String, String> environment = new HashMap<>(more);
        environment.put(CivicPassConfig.ENV_CLIENT_ID, CLIENT_ID);
        environment.put(CivicPassConfig.ENV_CLIENT_SECRET, CLIENT_SECRET);
        environment.put(CivicPassConfig.ENV_API_URL, civic.apiUrl().toString());
        environment.put(CivicPassConfig.ENV_TOKEN_URL, civic.tokenUrl().toString());
        return environment;
    }

    private static Run run(List<String> args, Map<String, String> environment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            status = Quickstart.run(args, environment, out);
        }
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }

    private record Run(int status, String output) {
    }

    private static Set<Thread> liveNonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !thread.isDaemon())
                .collect(Collectors.toSet());
    }

    /**
     * Non-daemon threads started since {@code before} that are still alive after a bounded join:
     * a thread that is ending gets its moment, one that would keep the JVM running is reported.
     */
    private static List<String> threadsLeftBehind(Set<Thread> before) throws InterruptedException {
        List<Thread> started = liveNonDaemonThreads().stream().filter(thread -> !before.contains(thread)).toList();
        for (Thread thread : started) {
            thread.join(5_000);
        }
        return started.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
