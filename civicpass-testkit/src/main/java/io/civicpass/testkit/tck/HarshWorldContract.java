package io.civicpass.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.RetryPolicy;
import io.civicpass.error.AuthenticationException;
import io.civicpass.error.CivicApiException;
import io.civicpass.error.CivicTransportException;
import io.civicpass.error.InvalidRequestException;
import io.civicpass.error.OutcomeUnknownException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.error.PiiRequestNotFoundException;
import io.civicpass.error.ServerException;
import io.civicpass.error.TransactionFailedException;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.ClientCredentials;
import io.civicpass.model.EventType;
import io.civicpass.model.GatekeeperNetwork;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.PiiStatus;
import io.civicpass.model.TransactionStatus;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.PiiSeed;
import io.civicpass.testkit.ReissueBehaviour;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.testkit.tck.ContractHarness.Calls;
import io.civicpass.testkit.tck.TransportContract.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A harsher Civic: each re-issue behaviour Civic might have, lost issue responses, failed chain
 * transactions, PII that can be read once, clients without every scope, a server slower than
 * the call's deadline, error bodies that echo secrets and personal data, 64 concurrent issues
 * under latency, and 64 concurrent issues on a slow server struck by every fault kind. Each test
 * would have caught a failure measured against the fake.
 */
abstract class HarshWorldContract extends ContractGroup {

    private static final RequestMatcher ISSUES = RequestMatcher.of("POST", "/partner/pass/*/*");
    private static final RequestMatcher READS = RequestMatcher.of("GET", "/partner/pass/**");
    private static final RequestMatcher PII_READS = RequestMatcher.of("GET", "/partner/piirequest/*");

    /**
     * The group over the harness of its enclosing contract.
     *
     * @param harness the harness
     */
    HarshWorldContract(ContractHarness harness) {
        super(harness);
    }

    Stream<Arguments> behaviourAndMode() {
        return Stream.of(ReissueBehaviour.values())
                .flatMap(behaviour -> faces().map(mode -> Arguments.of(behaviour, mode)));
    }

    /**
     * Whatever Civic does with a re-issue, an issue whose response is lost (503 after processing,
     * a reset after processing) returns the pass: one issue request per wallet, no second
     * issuance, no false failure.
     *
     * @param behaviour what the fake does with a re-issue
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("behaviourAndMode")
    void lostIssueResponseReturnsThePassWhateverReissueDoes(ReissueBehaviour behaviour, Mode mode) {
        fake().reissueBehaviour(behaviour);
        Calls civic = calls(mode, UnaryOperator.identity());
        for (Fault lost : List.of(Fault.status(503).afterProcessing(), Fault.connectionReset().afterProcessing())) {
            PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
            fake().inject(lost, ISSUES, 1);
            Pass issued = civic.issue(key);
            assertThat(issued.walletAddress()).as("%s", lost).isEqualTo(key.wallet().value());
            assertThat(fake().journal().count(ISSUES.and(RequestMatcher.where("wallet " + key,
                    request -> request.bodyText().toLowerCase().contains(key.wallet().value())))))
                    .as("issue requests for %s after %s", key, lost).isEqualTo(1);
        }
        assertThat(fake().journal().count(ISSUES)).isEqualTo(2);
        assertThat(fake().passes()).hasSize(2);
        assertThat(fake().duplicateIssuances()).isZero();
    }

    /**
     * A freeze whose chain transaction fails: {@code awaitConfirmed} ends promptly, well before
     * its timeout, with a {@link TransactionFailedException} carrying the failed event.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void failedTransactionEndsAwaitPromptly(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake().seedPass(key, PassState.ACTIVE);
        fake().failNextConfirmation(key);
        civic.freeze(key);
        long start = System.nanoTime();
        TransactionFailedException failed = expect(TransactionFailedException.class,
                () -> civic.awaitConfirmed(key, TransportContract.CONFIRMATION_TIMEOUT));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(TransportContract.CONFIRMATION_TIMEOUT.dividedBy(3));
        assertThat(failed.key()).isEqualTo(key);
        assertThat(failed.event().type()).isEqualTo(EventType.TOKEN_FROZEN);
        assertThat(failed.event().transaction().status()).isEqualTo(TransactionStatus.FAILED);
        assertThat(fake().pass(key).orElseThrow().state()).isEqualTo(PassState.ACTIVE);
    }

    /**
     * PII Civic hands out once: a read answered 503 after it was served is not sent again and the
     * caller gets the failure; a second read after a successful one is not found; evidence and
     * the decision still work.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void readOncePiiIsNeverReadTwice(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        String lost = fake().seedPii(PiiSeed.idDocument());
        fake().inject(Fault.status(503).afterProcessing(), PII_READS, 1);
        assertThat(expect(ServerException.class, () -> civic.pii(lost)).status()).isEqualTo(503);
        assertThat(fake().journal().count(PII_READS)).isEqualTo(1);

        String read = fake().seedPii(PiiSeed.idDocument());
        assertThat(civic.pii(read).id()).isEqualTo(read);
        expect(PiiRequestNotFoundException.class, () -> civic.pii(read));
        assertThat(civic.evidence(read, "idDocumentFront").bytes()).startsWith((byte) 0xFF, (byte) 0xD8);
        civic.approvePii(read);
        assertThat(fake().piiStatus(read)).isEqualTo(PiiStatus.PARTNER_PASS);
    }

    /**
     * A client registered without {@code issue:pass}: an issue is a 403
     * {@link AuthenticationException} and nothing is issued; its reads still work.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void clientWithoutIssueScopeIsRefusedButReads(Mode mode) {
        String id = "reader-" + mode.name().toLowerCase();
        fake().registerClient(id, "reader-secret-" + id, GatekeeperNetwork.SANDBOX,
                FakeCivic.ALL_SCOPES.stream().filter(scope -> !scope.equals("issue:pass")).toArray(String[]::new));
        Calls civic = calls(mode, config -> config.credentials(ClientCredentials.of(id, "reader-secret-" + id)));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        AuthenticationException refused = expect(AuthenticationException.class, () -> civic.issue(key));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(fake().journal().count(ISSUES)).isEqualTo(1);
        assertThat(fake().passes()).isEmpty();
        assertThat(fake().duplicateIssuances()).isZero();

        PassKey seeded = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake().seedPass(id, seeded, PassState.ACTIVE);
        assertThat(civic.get(seeded).walletAddress()).isEqualTo(seeded.wallet().value());
        assertThat(civic.find(key)).isEmpty();
        assertThat(civic.list(PassQuery.all()).items()).hasSize(1);
    }

    /**
     * How late past its deadline a call may end here. The deadline is real time (the transport's
     * own timers and the client's, not the fake's clock), and this case runs on every face of
     * every transport, on machines that run other builds at once: a timer may fire late and the
     * thread it wakes may wait for a core (250 ms was once not enough). The slack stays well
     * below what the case tells apart: a call whose deadline did not cut its attempt short would
     * end at 6 s (two attempts of 3 s) in the first part and at 4 s (the request timeout) in the
     * second, 1.5 s and 2 s past the bounds.
     */
    private static final Duration DEADLINE_SLACK = Duration.ofSeconds(1);

    /**
     * One deadline per call: against a server slower than both the request timeout (3 s) and the
     * total timeout (3.5 s), {@code find} ends at the total timeout, not after a second attempt's
     * full request timeout; a policy built from {@link RetryPolicy#none()} keeps its total timeout
     * too (1 s, under a 4 s request timeout).
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void slowServerEndsTheCallAtItsDeadline(Mode mode) {
        Duration total = Duration.ofMillis(3500);
        Calls civic = calls(mode, config -> config.requestTimeout(Duration.ofSeconds(3))
                .retryPolicy(FakeCivic.fastRetryPolicy().toBuilder().totalTimeout(total).build()));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake().inject(Fault.latency(Duration.ofSeconds(5)), READS, 4);
        assertEndsWithin(total.plus(DEADLINE_SLACK), () -> civic.find(key));

        assertThat(RetryPolicy.none().totalTimeout()).isEqualTo(RetryPolicy.defaults().totalTimeout());
        Duration single = Duration.ofSeconds(1);
        Calls once = calls(mode, config -> config.requestTimeout(Duration.ofSeconds(4))
                .retryPolicy(RetryPolicy.none().toBuilder().totalTimeout(single).build()));
        fake().inject(Fault.latency(Duration.ofSeconds(5)), READS, 1);
        assertEndsWithin(single.plus(DEADLINE_SLACK), () -> once.find(key));
    }

    private void assertEndsWithin(Duration bound, Runnable call) {
        long start = System.nanoTime();
        CivicTransportException late = expect(CivicTransportException.class, call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(late.kind()).isEqualTo(CivicTransportException.Kind.TIMEOUT);
        assertThat(took).as("time to fail").isLessThanOrEqualTo(bound);
    }

    /**
     * Error bodies that echo secrets: a wrong client secret's 401, a refused PII decision's 409
     * and the API's 4xx show neither the client secret, nor the Bearer token, nor the PII's
     * name, document number or email, in any exception of the chain.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void echoedSecretsNeverReachExceptions(Mode mode) {
        fake().echoSecretsInErrors(true);
        List<Throwable> captured = new ArrayList<>();
        String wrongSecret = "wrong-secret-" + mode.name().toLowerCase() + "-7f3a9c";
        Calls wrong = calls(mode, config -> config.credentials(
                ClientCredentials.of(CivicPassConfig.SANDBOX_CREDENTIALS.clientId(), wrongSecret)));
        AuthenticationException denied = expect(AuthenticationException.class,
                () -> wrong.find(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet())));
        assertThat(denied.status()).isEqualTo(401);
        captured.add(denied);

        Calls civic = calls(mode, UnaryOperator.identity());
        String waiting = fake().seedPii(PiiSeed.idDocument().status(PiiStatus.AWAITING_USER));
        InvalidRequestException decision = expect(InvalidRequestException.class, () -> civic.approvePii(waiting));
        assertThat(decision.status()).isEqualTo(409);
        captured.add(decision);
        captured.add(expect(PassNotFoundException.class,
                () -> civic.get(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet()))));
        fake().inject(Fault.status(422), RequestMatcher.of("POST", "/partner/pass"), 1);
        CivicApiException unprocessable = expect(CivicApiException.class, () -> civic.list(PassQuery.all()));
        assertThat(unprocessable.status()).isEqualTo(422);
        captured.add(unprocessable);

        List<String> secrets = new ArrayList<>(List.of(wrongSecret, CivicPassConfig.SANDBOX_CREDENTIALS.clientSecret(),
                "Jane Quinn Doe", "0123456789", "jane.doe@example.com"));
        fake().journal().all().forEach(request -> request.header("Authorization")
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .ifPresent(value -> secrets.add(value.substring(7).trim())));
        assertThat(secrets).hasSizeGreaterThan(5);
        assertThat(captured).isNotEmpty();
        for (Throwable failure : captured) {
            assertNothingEchoed(failure, secrets);
        }
    }

    /**
     * Checks a failure, its causes and suppressed failures: neither their text nor an API
     * failure's body excerpt holds any of the secrets.
     *
     * @param failure the failure
     * @param secrets what must not show
     */
    static void assertNothingEchoed(Throwable failure, java.util.Collection<String> secrets) {
        List<Throwable> todo = new ArrayList<>(List.of(failure));
        List<Throwable> seen = new ArrayList<>();
        while (!todo.isEmpty()) {
            Throwable current = todo.remove(todo.size() - 1);
            if (current == null || seen.stream().anyMatch(done -> done == current)) {
                continue;
            }
            seen.add(current);
            String text = current + " | " + current.getMessage()
                    + (current instanceof CivicApiException api ? " | " + api.bodyExcerpt() : "");
            for (String secret : secrets) {
                assertThat(text).as("text of %s", current.getClass().getName()).doesNotContain(secret);
            }
            todo.add(current.getCause());
            todo.addAll(List.of(current.getSuppressed()));
        }
    }

    /**
     * 64 concurrent issues (threads on the blocking face, stages on the non-blocking one), each
     * answered after 200 ms, with a 2 s request timeout: all succeed, 64 issue requests, no
     * second issuance.
     *
     * @param mode the client face
     * @throws Exception when the pool fails
     */
    @ParameterizedTest
    @MethodSource("faces")
    void concurrentIssuesUnderLatency(Mode mode) throws Exception {
        int count = 64;
        UnaryOperator<CivicPassConfig.Builder> tune = config -> config.requestTimeout(Duration.ofSeconds(2))
                .retryPolicy(RetryPolicy.defaults().toBuilder().initialBackoff(Duration.ofMillis(10))
                        .maxBackoff(Duration.ofMillis(50)).build());
        fake().inject(Fault.latency(Duration.ofMillis(200)), ISSUES, count);
        List<PassKey> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet()));
        }
        List<Pass> issued = new ArrayList<>();
        if (mode == Mode.SYNC) {
            CivicPassClient civic = syncClient(tune);
            ExecutorService pool = Executors.newFixedThreadPool(count);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<Pass>> results = new ArrayList<>();
                for (PassKey key : keys) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return civic.issue(key);
                    }));
                }
                start.countDown();
                for (Future<Pass> result : results) {
                    issued.add(result.get(30, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
        } else {
            AdaptedFace.Calls civic = stages(mode, asyncClient(tune));
            List<CompletableFuture<Pass>> results = new ArrayList<>();
            for (PassKey key : keys) {
                results.add(civic.issue(key).toCompletableFuture());
            }
            for (CompletableFuture<Pass> result : results) {
                issued.add(ContractHarness.AsyncCalls.join(result));
            }
        }
        assertThat(issued).extracting(Pass::walletAddress)
                .containsExactlyElementsOf(keys.stream().map(key -> key.wallet().value()).toList());
        assertThat(fake().journal().count(ISSUES)).isEqualTo(count);
        assertThat(fake().passes()).hasSize(count);
        assertThat(fake().duplicateIssuances()).isZero();
    }

    /** A fault for an issue, whether the issue takes effect, and whether the client may send it again. */
    private record IssueFault(Fault fault, boolean takesEffect, boolean certainlyNotReceived) {
    }

    /** Every fault kind, struck before and after processing, and the one latency longer than the request timeout. */
    private static List<IssueFault> issueFaults() {
        return List.of(
                new IssueFault(Fault.latency(Duration.ofMillis(300)), true, false),
                new IssueFault(Fault.latency(Duration.ofMillis(2600)), true, false), // past the 2 s request timeout
                new IssueFault(Fault.status(503), false, false),
                new IssueFault(Fault.status(503).afterProcessing(), true, false),
                new IssueFault(Fault.status(500).afterProcessing(), true, false),
                new IssueFault(Fault.htmlErrorPage(502), false, false),
                new IssueFault(Fault.connectionReset(), false, false),
                new IssueFault(Fault.connectionReset().afterProcessing(), true, false),
                new IssueFault(Fault.malformedBody(), true, false),
                new IssueFault(Fault.truncatedBody(), true, false),
                new IssueFault(Fault.emptyBody(), true, false),
                new IssueFault(Fault.status(429).withRetryAfter("0"), false, true),
                new IssueFault(Fault.status(401), false, true));
    }

    /**
     * 64 concurrent issues against a slow server (every token request and lookup answered after
     * 200 ms), each struck by one fault, of every kind in turn, under the re-issue behaviour that
     * would count a second issuance: an issue that took effect returns its pass, one Civic
     * certainly never received (429, 401) is sent again and returns its pass, and one that may
     * have been received but was not processed ends as {@link OutcomeUnknownException}, which
     * issuing again settles. No issue is sent twice after it may have reached Civic, so there is
     * no second issuance, and no caller gets any other failure.
     *
     * @param mode the client face
     * @throws Exception when the calls fail
     */
    @ParameterizedTest
    @MethodSource("faces")
    void everyFaultKindAmong64ConcurrentIssuesOnASlowServer(Mode mode) throws Exception {
        int count = 64;
        fake().reissueBehaviour(ReissueBehaviour.DUPLICATE);
        fake().inject(Fault.latency(Duration.ofMillis(200)), RequestMatcher.tokenRequests(), 1000);
        fake().inject(Fault.latency(Duration.ofMillis(200)), READS, 100_000);
        List<IssueFault> faults = issueFaults();
        List<PassKey> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
            keys.add(key);
            fake().inject(faults.get(i % faults.size()).fault(), issuesOf(key), 1);
        }
        UnaryOperator<CivicPassConfig.Builder> tune = config -> config.requestTimeout(Duration.ofSeconds(2))
                .retryPolicy(FakeCivic.fastRetryPolicy().toBuilder().reconcileWindow(Duration.ofSeconds(3)).build());
        List<Object> outcomes = new ArrayList<>();
        Calls civic;
        if (mode == Mode.SYNC) {
            CivicPassClient client = syncClient(tune);
            civic = new ContractHarness.SyncCalls(client);
            ExecutorService pool = Executors.newFixedThreadPool(count);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<Object>> results = new ArrayList<>();
                for (PassKey key : keys) {
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            return client.issue(key);
                        } catch (RuntimeException failure) {
                            return failure;
                        }
                    }));
                }
                start.countDown();
                for (Future<Object> result : results) {
                    outcomes.add(result.get(30, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
        } else {
            CivicPassAsyncClient async = asyncClient(tune);
            AdaptedFace.Calls client = stages(mode, async);
            civic = mode == Mode.ADAPTED ? new ContractHarness.AdaptedCalls(client)
                    : new ContractHarness.AsyncCalls(async);
            List<CompletableFuture<Object>> results = new ArrayList<>();
            for (PassKey key : keys) {
                results.add(client.issue(key).toCompletableFuture().<Object>thenApply(pass -> pass)
                        .exceptionally(failure -> failure instanceof CompletionException ? failure.getCause() : failure));
            }
            for (CompletableFuture<Object> result : results) {
                outcomes.add(result.get(30, TimeUnit.SECONDS));
            }
        }

        List<PassKey> unknown = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PassKey key = keys.get(i);
            IssueFault struck = faults.get(i % faults.size());
            Object outcome = outcomes.get(i);
            if (outcome instanceof Throwable failure) {
                record(failure);
            }
            int posts = fake().journal().count(issuesOf(key));
            if (struck.takesEffect() || struck.certainlyNotReceived()) {
                assertThat(outcome).as("issue struck by %s", struck.fault()).isInstanceOfSatisfying(Pass.class,
                        pass -> assertThat(pass.walletAddress()).isEqualTo(key.wallet().value()));
                assertThat(posts).as("issue requests after %s", struck.fault())
                        .isEqualTo(struck.certainlyNotReceived() ? 2 : 1);
            } else {
                assertThat(outcome).as("issue struck by %s", struck.fault()).isInstanceOf(OutcomeUnknownException.class);
                assertThat(posts).as("issue requests after %s", struck.fault()).isEqualTo(1);
                assertThat(fake().pass(key)).as("pass after %s", struck.fault()).isEmpty();
                unknown.add(key);
            }
        }
        assertThat(fake().duplicateIssuances()).isZero();
        assertThat(unknown).isNotEmpty();
        for (PassKey key : unknown) {
            assertThat(civic.issue(key).walletAddress()).isEqualTo(key.wallet().value());
        }
        assertThat(fake().passes()).extracting(Pass::walletAddress).hasSize(count).doesNotHaveDuplicates();
        assertThat(fake().duplicateIssuances()).isZero();
    }

    /** The issue requests for one wallet. */
    private static RequestMatcher issuesOf(PassKey key) {
        String wallet = key.wallet().value().toLowerCase(Locale.ROOT);
        return ISSUES.and(RequestMatcher.where("issue of " + wallet,
                request -> request.bodyText().toLowerCase(Locale.ROOT).contains(wallet)));
    }

    /**
     * A freeze answered 503 after Civic processed it is sent again (an update may be repeated) and
     * the pass ends frozen, with no error to the caller.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void ambiguousFreezeIsRepeated(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake().seedPass(key, PassState.ACTIVE);
        RequestMatcher updates = RequestMatcher.of("PATCH", "/partner/pass/**");
        fake().inject(Fault.status(503).afterProcessing(), updates, 1);
        civic.freeze(key);
        assertThat(fake().journal().count(updates)).isEqualTo(2);
        assertThat(civic.awaitConfirmed(key, TransportContract.CONFIRMATION_TIMEOUT).state())
                .isEqualTo(PassState.FROZEN);
        assertThat(fake().pass(key).orElseThrow().state()).isEqualTo(PassState.FROZEN);
    }
}
