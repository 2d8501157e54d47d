package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.error.AuthenticationException;
import io.civicpass.error.CivicPassException;
import io.civicpass.error.CivicTransportException;
import io.civicpass.error.InvalidRequestException;
import io.civicpass.error.InvalidResponseException;
import io.civicpass.error.OutcomeUnknownException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.error.RateLimitedException;
import io.civicpass.error.ServerException;
import io.civicpass.event.AttemptFinished;
import io.civicpass.event.CallListener;
import io.civicpass.event.CallStarted;
import io.civicpass.event.CivicPassListener;
import io.civicpass.event.NextStep;
import io.civicpass.model.AccessToken;
import io.civicpass.model.Chain;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.port.ApiCall;
import io.civicpass.port.AsyncPassGateway;
import io.civicpass.port.ExchangeObserver;
import io.civicpass.port.PassGateway;
import io.civicpass.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The call engine's rules, run by both drivers over scripted ports: every attempt and every
 * reconciling lookup goes through {@link PassGateway} / {@link AsyncPassGateway}, as in the client.
 */
class CallEngineTest {

    static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    final CountingTokenSource tokens = new CountingTokenSource(clock, Duration.ofHours(1));
    final TokenCache cache = new TokenCache(tokens, clock, Duration.ofSeconds(60), Duration.ofSeconds(5), "/oauth/token");
    final AtomicLong nanos = new AtomicLong();
    final List<Duration> sleeps = new ArrayList<>();
    final Sleeper sleeper = duration -> {
        sleeps.add(duration);
        nanos.addAndGet(duration.toNanos());
    };
    final List<PassChange> changes = new CopyOnWriteArrayList<>();
    final List<NextStep> steps = new CopyOnWriteArrayList<>();
    double random = 0.0;

    /** An engine on the test's clock and sleeper: waits pass at once, in fake time. */
    Harness engine(RetryPolicy policy) {
        return harness(policy, Duration.ofMillis(300), nanos::get, () -> random, SharedScheduler.instance());
    }

    /** An engine on real time, for the non-blocking driver's timers. */
    Harness asyncEngine() {
        RetryPolicy fast = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();
        return harness(fast, Duration.ofMillis(200), System::nanoTime, Math::random, SharedScheduler.instance());
    }

    Harness harness(RetryPolicy policy, Duration requestTimeout, java.util.function.LongSupplier time,
                    java.util.function.DoubleSupplier jitter, Scheduler scheduler) {
        Telemetry telemetry = new Telemetry(new CivicPassListener() {
            @Override
            public CallListener callStarted(CallStarted call) {
                return new CallListener() {
                    @Override
                    public void attemptFinished(AttemptFinished attempt) {
                        steps.add(attempt.next());
                    }
                };
            }
        }, time);
        CallEngine engine = new CallEngine(policy, cache, requestTimeout, time, jitter, "/oauth/token", telemetry,
                changes::add);
        Scripted gateway = new Scripted();
        return new Harness(engine, new BlockingDriver(cache, gateway, gateway, sleeper),
                new AsyncDriver(cache, gateway, scheduler), gateway);
    }

    /**
     * Both ports, scripted: the lookup of a pass ({@code get}) answers from {@code lookup}, every
     * other exchange from the test's attempt function.
     */
    static final class Scripted implements PassGateway, AsyncPassGateway {
        volatile Function<AccessToken, ?> attempt;
        volatile Function<AccessToken, ? extends CompletionStage<?>> asyncAttempt;
        volatile Function<AccessToken, Pass> lookup = token -> {
            throw new PassNotFoundException(404, "GET", "/pass/x", "", null);
        };
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        @SuppressWarnings("unchecked")
        public <T> T execute(AccessToken token, ApiCall<T> call, Duration timeout, ExchangeObserver observer) {
            if (call.name().equals("get")) {
                lookups.incrementAndGet();
                return (T) lookup.apply(token);
            }
            return (T) attempt.apply(token);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> CompletionStage<T> executeAsync(AccessToken token, ApiCall<T> call, Duration timeout,
                                                   ExchangeObserver observer) {
            if (call.name().equals("get")) {
                lookups.incrementAndGet();
                try {
                    return CompletableFuture.completedFuture((T) lookup.apply(token));
                } catch (RuntimeException failed) {
                    return CompletableFuture.failedFuture(failed);
                }
            }
            return (CompletionStage<T>) asyncAttempt.apply(token);
        }
    }

    /** Runs an operation's policies over a call whose attempts are the test's functions. */
    record Harness(CallEngine engine, BlockingDriver blocking, AsyncDriver async, Scripted gateway) {

        /** An operation's description with a test path and a settled result of the found pass's id. */
        static CallPlan<String> plan(Operation operation, String path) {
            ApiCall<String> call = new ApiCall<>(operation.name().toLowerCase(Locale.ROOT), operation.method(),
                    operation.pathTemplate(), path, null, null, operation.sensitiveBody(), operation.repeat(),
                    (response, now) -> null);
            return new CallPlan<>(call, operation, KEY, null, false, Pass::id);
        }

        String call(Operation operation, Function<AccessToken, String> attempt) {
            gateway.attempt = attempt;
            return blocking.run(engine.call(plan(operation, "/p"), CallOptions.DEFAULTS));
        }

        CompletableFuture<String> callAsync(Operation operation, String path,
                                            Function<AccessToken, CompletionStage<String>> attempt) {
            gateway.asyncAttempt = attempt;
            return async.start(engine.call(plan(operation, path), CallOptions.DEFAULTS));
        }

        Harness lookingUp(Function<AccessToken, Pass> lookup) {
            gateway.lookup = lookup;
            return this;
        }

        Duration backoff(int attempts) {
            return engine.backoff(attempts);
        }
    }

    static Pass pass(String id, PassState state) {
        return new Pass(id, Chain.ETHEREUM, ChainNetwork.SEPOLIA, "gkn", KEY.wallet().value(), state, state, List.of());
    }

    static Pass absent() {
        throw new PassNotFoundException(404, "GET", "/pass/x", "", null);
    }

    /** An attempt that fails with the given failures in turn, then returns "ok". */
    static Function<AccessToken, String> failing(AtomicInteger calls, CivicPassException... failures) {
        return token -> {
            int index = calls.getAndIncrement();
            if (index < failures.length) {
                throw failures[index];
            }
            return "ok";
        };
    }

    static Function<AccessToken, CompletionStage<String>> failingAsync(AtomicInteger calls,
                                                                      CivicPassException... failures) {
        return token -> {
            int index = calls.getAndIncrement();
            return index < failures.length ? CompletableFuture.failedFuture(failures[index])
                    : CompletableFuture.completedFuture("ok:" + token.value());
        };
    }

    static ServerException status503() {
        return new ServerException(503, "GET", "/pass", "", null);
    }

    static CivicTransportException transport(CivicTransportException.Kind kind) {
        return new CivicTransportException(kind, "POST", "/pass/ethereum/sepolia", null);
    }

    // ------------------------------------------------------------------ retry, backoff, budget, deadline

    @Test
    void retriesSafeOperationsWithExponentialBackoffAndAJitterFloor() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(engine(RetryPolicy.defaults()).call(Operation.RETRIEVE, failing(calls, status503(), status503())))
                .isEqualTo("ok");
        assertThat(calls).hasValue(3);
        // random 0: the floor, half of 0.5 s then half of 1 s
        assertThat(sleeps).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(steps).containsExactly(NextStep.RETRY, NextStep.RETRY, NextStep.END);
    }

    @Test
    void backoffGrowsToItsCapAndJitterStaysBetweenHalfAndAll() {
        Harness engine = engine(RetryPolicy.builder().maxAttempts(10).build());
        random = 0.999999;
        assertThat(engine.backoff(1)).isBetween(Duration.ofMillis(499), Duration.ofMillis(500));
        assertThat(engine.backoff(4)).isBetween(Duration.ofMillis(3999), Duration.ofMillis(4000));
        assertThat(engine.backoff(5)).isBetween(Duration.ofMillis(4999), Duration.ofSeconds(5));
        assertThat(engine.backoff(30)).isBetween(Duration.ofMillis(4999), Duration.ofSeconds(5));
        random = 0;
        assertThat(engine.backoff(30)).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void givesUpAfterMaxAttempts() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> engine(RetryPolicy.defaults())
                .call(Operation.LIST, failing(calls, status503(), status503(), status503(), status503())))
                .isInstanceOf(ServerException.class);
        assertThat(calls).hasValue(3);
    }

    @Test
    void neverRetriesClientErrorsOr500() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> engine(RetryPolicy.defaults()).call(Operation.RETRIEVE,
                failing(calls, new InvalidRequestException(400, "GET", "/p", "", null))))
                .isInstanceOf(InvalidRequestException.class);
        AtomicInteger serverCalls = new AtomicInteger();
        assertThatThrownBy(() -> engine(RetryPolicy.defaults()).call(Operation.RETRIEVE,
                failing(serverCalls, new ServerException(500, "GET", "/p", "", null))))
                .isInstanceOf(ServerException.class);
        assertThat(calls).hasValue(1);
        assertThat(serverCalls).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void honoursRetryAfterWhenLongerThanTheBackoff() {
        AtomicInteger calls = new AtomicInteger();
        RateLimitedException limited = new RateLimitedException("POST", "/pass", "", null, Duration.ofSeconds(3));
        Harness engine = engine(RetryPolicy.defaults());
        assertThat(engine.call(Operation.ISSUE, failing(calls, limited))).isEqualTo("ok");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
        assertThat(engine.gateway().lookups).as("a 429 was not acted on: nothing to look up").hasValue(0);
    }

    @Test
    void surfacesRetryAfterBeyondTheCapInsteadOfWaiting() {
        AtomicInteger calls = new AtomicInteger();
        RateLimitedException limited = new RateLimitedException("GET", "/pass", "", null, Duration.ofMinutes(5));
        assertThatThrownBy(() -> engine(RetryPolicy.defaults()).call(Operation.RETRIEVE, failing(calls, limited)))
                .isSameAs(limited);
        assertThat(limited.retryAfter()).contains(Duration.ofMinutes(5));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void stopsWhenTheNextWaitWouldPassTheTotalTimeout() {
        AtomicInteger calls = new AtomicInteger();
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(10).initialBackoff(Duration.ofSeconds(1))
                .maxBackoff(Duration.ofSeconds(1)).totalTimeout(Duration.ofMillis(1600)).build();
        assertThatThrownBy(() -> engine(policy).call(Operation.RETRIEVE,
                failing(calls, status503(), status503(), status503(), status503())))
                .isInstanceOf(ServerException.class);
        assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500));
        assertThat(calls).hasValue(4);
    }

    @Test
    void theRetryBudgetLimitsRetriesAcrossCalls() {
        Harness engine = engine(RetryPolicy.builder().maxAttempts(5).budget(2, 0).build());
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> engine.call(Operation.RETRIEVE,
                failing(calls, status503(), status503(), status503(), status503())))
                .isInstanceOf(ServerException.class);
        assertThat(calls).as("two retries drain the budget").hasValue(3);
        AtomicInteger later = new AtomicInteger();
        assertThatThrownBy(() -> engine.call(Operation.RETRIEVE, failing(later, status503())))
                .isInstanceOf(ServerException.class);
        assertThat(later).hasValue(1);
        assertThat(steps).containsExactly(NextStep.RETRY, NextStep.RETRY, NextStep.BUDGET_REFUSED,
                NextStep.BUDGET_REFUSED);
    }

    @Test
    void noneMakesOneAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> engine(RetryPolicy.none()).call(Operation.RETRIEVE, failing(calls, status503())))
                .isInstanceOf(ServerException.class);
        assertThat(calls).hasValue(1);
    }

    // ------------------------------------------------------------------ reconcile

    @Test
    void issueIsReconciledByALookupAfterAnAmbiguousFailure() {
        AtomicInteger calls = new AtomicInteger();
        Harness engine = engine(RetryPolicy.defaults()).lookingUp(token -> pass("found", PassState.REQUESTED));
        String result = engine.call(Operation.ISSUE, failing(calls, transport(CivicTransportException.Kind.TIMEOUT)));
        assertThat(result).isEqualTo("found");
        assertThat(calls).as("the issue is not sent again").hasValue(1);
        assertThat(engine.gateway().lookups).hasValue(1);
        assertThat(changes).extracting(PassChange::kind).containsExactly(PassChange.Kind.ISSUED);
        assertThat(steps).containsExactly(NextStep.RECONCILE, NextStep.END);
    }

    @Test
    void issueIsNeverSentAgainAfterA5xxAndItsOutcomeIsUnknownWhenThePassNeverAppears() {
        AtomicInteger calls = new AtomicInteger();
        RetryPolicy window = RetryPolicy.builder().reconcileWindow(Duration.ofSeconds(3)).build();
        ServerException unavailable = status503();
        Harness engine = engine(window).lookingUp(token -> absent());
        assertThatThrownBy(() -> engine.call(Operation.ISSUE, failing(calls, unavailable)))
                .isInstanceOf(OutcomeUnknownException.class).hasCause(unavailable)
                .hasMessageContaining("awaitConfirmed").hasMessageContaining("it was not sent again");
        assertThat(calls).as("the issue is not sent again").hasValue(1);
        assertThat(engine.gateway().lookups.get()).as("looked up until the window closed").isGreaterThan(3);
        assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isLessThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(changes).as("an unknown outcome may have changed the pass").hasSize(1);
    }

    @Test
    void issueReturnsThePassOnceALaterLookupFindsIt() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger lookups = new AtomicInteger();
        Harness engine = engine(RetryPolicy.defaults()).lookingUp(token ->
                lookups.incrementAndGet() < 3 ? absent() : pass("found", PassState.ACTIVE));
        String result = engine.call(Operation.ISSUE,
                failing(calls, new InvalidResponseException(202, "POST", "/p", "", null, null)));
        assertThat(result).isEqualTo("found");
        assertThat(calls).hasValue(1);
        assertThat(lookups).hasValue(3);
    }

    @Test
    void aRevokedPassDoesNotSettleAnIssue() {
        AtomicInteger calls = new AtomicInteger();
        RetryPolicy window = RetryPolicy.builder().reconcileWindow(Duration.ofSeconds(1)).build();
        Harness engine = engine(window).lookingUp(token -> pass("old", PassState.REVOKED));
        assertThatThrownBy(() -> engine.call(Operation.ISSUE, failing(calls, status503())))
                .isInstanceOf(OutcomeUnknownException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aRevokeLooksUpOnceBeforeRepeatingAndEndsWhenThePassIsRevoked() {
        AtomicInteger calls = new AtomicInteger();
        Harness engine = engine(RetryPolicy.defaults()).lookingUp(token -> pass("gone", PassState.REVOKED));
        assertThat(engine.call(Operation.REVOKE, failing(calls, status503()))).isEqualTo("gone");
        assertThat(calls).as("the lookup showed it revoked: not sent again").hasValue(1);
        assertThat(engine.gateway().lookups).hasValue(1);
        assertThat(changes).extracting(PassChange::kind).containsExactly(PassChange.Kind.REVOKED);

        AtomicInteger again = new AtomicInteger();
        Harness notYet = engine(RetryPolicy.defaults()).lookingUp(token -> pass("live", PassState.ACTIVE));
        assertThat(notYet.call(Operation.REVOKE, failing(again, status503()))).isEqualTo("ok");
        assertThat(again).as("not revoked yet: repeated after the backoff").hasValue(2);
        assertThat(notYet.gateway().lookups).hasValue(1);
    }

    @Test
    void aPiiReadIsNotSentAgainAfterAnAttemptThatMayHaveBeenServed() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> engine(RetryPolicy.defaults()).call(Operation.PII, failing(calls, status503())))
                .isInstanceOf(ServerException.class);
        assertThat(calls).hasValue(1);
        AtomicInteger refused = new AtomicInteger();
        assertThat(engine(RetryPolicy.defaults()).call(Operation.PII,
                failing(refused, transport(CivicTransportException.Kind.CONNECT)))).isEqualTo("ok");
        assertThat(refused).as("a refused connection sent nothing, so it is tried again").hasValue(2);
    }

    @Test
    void aConnectFailureIsRetriedWithoutALookupSinceNothingWasSent() {
        AtomicInteger calls = new AtomicInteger();
        Harness engine = engine(RetryPolicy.defaults());
        engine.call(Operation.ISSUE, failing(calls, transport(CivicTransportException.Kind.CONNECT)));
        assertThat(calls).hasValue(2);
        assertThat(engine.gateway().lookups).hasValue(0);
    }

    @Test
    void anOperationThatMustNotActTwiceAndHasNoLookupIsNotRetriedAfterAnAmbiguousFailure() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> engine(RetryPolicy.defaults()).call(Operation.PII,
                failing(calls, transport(CivicTransportException.Kind.IO))))
                .isInstanceOf(CivicTransportException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFailedLookupReportsTheOriginalFailureWithTheLookupSuppressed() {
        AtomicInteger calls = new AtomicInteger();
        ServerException original = status503();
        IllegalStateException lookupFailure = new IllegalStateException("lookup failed");
        Harness engine = engine(RetryPolicy.defaults()).lookingUp(token -> {
            throw lookupFailure;
        });
        assertThatThrownBy(() -> engine.call(Operation.REVOKE, failing(calls, original))).isSameAs(original);
        assertThat(original.getSuppressed()).containsExactly(lookupFailure);
        assertThat(changes).as("a failure is no change").isEmpty();
    }

    @Test
    void aRefusedIssueIsAnsweredByThePassItWasRefusedFor() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger lookups = new AtomicInteger();
        InvalidRequestException conflict = new InvalidRequestException(409, "POST", "/p", "", null);
        Harness engine = engine(RetryPolicy.defaults()).lookingUp(token ->
                lookups.incrementAndGet() < 3 ? absent() : pass("pending", PassState.REQUESTED));
        assertThat(engine.call(Operation.ISSUE, failing(calls, conflict))).isEqualTo("pending");
        assertThat(calls).hasValue(1);
        assertThat(lookups).as("a 409 is waited for: the pass may be pending").hasValue(3);
        assertThat(changes).hasSize(1);

        AtomicInteger refusedCalls = new AtomicInteger();
        InvalidRequestException badRequest = new InvalidRequestException(400, "POST", "/p", "", null);
        Harness once = engine(RetryPolicy.defaults()).lookingUp(token -> absent());
        assertThatThrownBy(() -> once.call(Operation.ISSUE, failing(refusedCalls, badRequest))).isSameAs(badRequest);
        assertThat(once.gateway().lookups).as("any other refusal gets one lookup").hasValue(1);
        assertThat(changes).as("a refusal is no change").hasSize(1);
    }

    // ------------------------------------------------------------------ refresh

    @Test
    void a401RefreshesTheTokenOnceWithoutWaiting() {
        AtomicInteger calls = new AtomicInteger();
        List<String> seen = new ArrayList<>();
        String result = engine(RetryPolicy.none()).call(Operation.RETRIEVE, token -> {
            seen.add(token.value());
            if (calls.getAndIncrement() == 0) {
                throw new AuthenticationException(401, "GET", "/p", "", null);
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(seen).containsExactly("token-1", "token-2");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aSecond401IsThrown() {
        AtomicInteger calls = new AtomicInteger();
        AuthenticationException refused = new AuthenticationException(401, "GET", "/p", "", null);
        assertThatThrownBy(() -> engine(RetryPolicy.defaults()).call(Operation.RETRIEVE, failing(calls, refused, refused)))
                .isSameAs(refused);
        assertThat(calls).hasValue(2);
        assertThat(tokens.requests).hasValue(2);
    }

    @Test
    void aRefusedTokenRequestIsNotRetried() {
        tokens.refuse = true;
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> engine(RetryPolicy.defaults()).call(Operation.RETRIEVE, failing(calls)))
                .isInstanceOf(AuthenticationException.class);
        assertThat(calls).hasValue(0);
        assertThat(tokens.requests).hasValue(1);
    }

    // ------------------------------------------------------------------ the non-blocking driver

    @Test
    void asyncRetriesAndRefreshesLikeTheBlockingPath() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String result = asyncEngine().callAsync(Operation.RETRIEVE, "/p", failingAsync(calls, status503(),
                new AuthenticationException(401, "GET", "/p", "", null))).get(5, TimeUnit.SECONDS);
        assertThat(result).isEqualTo("ok:token-2");
        assertThat(calls).hasValue(3);
    }

    @Test
    void bothDriversTakeTheSameStepsForTheSameAnswers() throws Exception {
        AuthenticationException refused = new AuthenticationException(401, "GET", "/p", "", null);
        RetryPolicy fast = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2))
                .maxAttempts(4).build();
        Harness engine = harness(fast, Duration.ofMillis(200), System::nanoTime, Math::random,
                SharedScheduler.instance());
        AtomicInteger blockingCalls = new AtomicInteger();
        assertThat(engine.call(Operation.LIST, failing(blockingCalls, status503(), refused, status503()))).isEqualTo("ok");
        List<NextStep> blockingSteps = List.copyOf(steps);
        steps.clear();
        AtomicInteger asyncCalls = new AtomicInteger();
        assertThat(engine.callAsync(Operation.LIST, "/p", failingAsync(asyncCalls, status503(), refused, status503()))
                .get(5, TimeUnit.SECONDS)).startsWith("ok");
        assertThat(steps).isEqualTo(blockingSteps).containsExactly(NextStep.RETRY, NextStep.RETRY, NextStep.RETRY,
                NextStep.END);
        assertThat(asyncCalls).hasValue(blockingCalls.get());
    }

    @Test
    void asyncIssueIsReconciled() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Harness engine = asyncEngine().lookingUp(token -> pass("found", PassState.REQUESTED));
        String result = engine.callAsync(Operation.ISSUE, "/p", failingAsync(calls, transport(CivicTransportException.Kind.IO)))
                .get(5, TimeUnit.SECONDS);
        assertThat(result).isEqualTo("found");
        assertThat(calls).hasValue(1);
    }

    @Test
    void anAsyncCallTellsTheChangeBeforeItsStageCompletes() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Harness engine = asyncEngine().lookingUp(token -> pass("found", PassState.REQUESTED));
        int toldWhenContinued = engine.callAsync(Operation.ISSUE, "/p", failingAsync(calls))
                .thenApply(result -> changes.size()).get(5, TimeUnit.SECONDS);
        assertThat(toldWhenContinued).isEqualTo(1);
    }

    @Test
    void asyncFailuresCompleteTheStageWithTheTypedException() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> stage = asyncEngine().callAsync(Operation.RETRIEVE, "/p",
                failingAsync(calls, new InvalidRequestException(400, "GET", "/p", "", null)));
        assertThatThrownBy(() -> stage.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InvalidRequestException.class);
    }

    @Test
    void cancellingTheCallCancelsTheExchangeInFlightAndStopsRetrying() throws Exception {
        List<Duration> timers = new CopyOnWriteArrayList<>();
        Scheduler recording = (delay, task) -> {
            timers.add(delay);
            return SharedScheduler.instance().schedule(delay, task);
        };
        Harness engine = harness(RetryPolicy.defaults(), Duration.ofSeconds(5), System::nanoTime, Math::random,
                recording);
        cache.fetch(Duration.ofSeconds(5)); // a cached token: the exchange's is the one timer of the attempt
        CompletableFuture<String> exchange = new CompletableFuture<>();
        CompletableFuture<Void> attempted = new CompletableFuture<>();
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> call = engine.callAsync(Operation.RETRIEVE, "/p", token -> {
            attempts.incrementAndGet();
            attempted.complete(null);
            return exchange;
        });
        attempted.get(5, TimeUnit.SECONDS);
        call.cancel(true);
        assertThat(exchange.isCancelled()).isTrue();
        assertThat(attempts).hasValue(1);
        assertThat(timers).as("only the exchange's safety net: no retry was scheduled")
                .containsExactly(Duration.ofSeconds(5).plus(CallEngine.SAFETY_NET_GRACE));
        assertThat(steps).as("the attempt cancelled is the call's end").containsExactly(NextStep.END);
    }

    @Test
    void theSafetyNetCancelsTheExchangeItGaveUpOn() {
        CompletableFuture<String> exchange = new CompletableFuture<>();
        Harness engine = harness(RetryPolicy.builder().maxAttempts(1).totalTimeout(Duration.ofMillis(20)).build(),
                Duration.ofMillis(20), System::nanoTime, Math::random, SharedScheduler.instance());
        CompletableFuture<String> stage = engine.callAsync(Operation.RETRIEVE, "/pass/x", token -> exchange);
        assertThatThrownBy(() -> stage.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CivicTransportException.class);
        assertThat(exchange.isCancelled()).isTrue();
    }

    @Test
    void anAsyncAttemptThatNeverAnswersIsCutOffByTheSafetyNet() {
        Harness engine = harness(RetryPolicy.none(), Duration.ofMillis(50), System::nanoTime, Math::random,
                SharedScheduler.instance());
        CompletableFuture<String> stage = engine.callAsync(Operation.RETRIEVE, "/pass/x",
                token -> new CompletableFuture<>());
        assertThatThrownBy(() -> stage.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CivicTransportException.class)
                .hasMessageContaining("GET /pass/x failed: timed out");
    }

    @Test
    void aCachedTokenArmsNoTimerOnlyTheExchangeDoes() throws Exception {
        AtomicInteger timers = new AtomicInteger();
        Scheduler counting = (delay, task) -> {
            timers.incrementAndGet();
            return SharedScheduler.instance().schedule(delay, task);
        };
        Harness engine = harness(RetryPolicy.none(), Duration.ofSeconds(5), System::nanoTime, Math::random, counting);
        cache.fetch(Duration.ofSeconds(5)); // the token is cached before the call
        CompletableFuture<String> exchange = new CompletableFuture<>();
        CompletableFuture<String> stage = engine.callAsync(Operation.RETRIEVE, "/pass/x", token -> exchange);
        assertThat(timers).as("timers armed while the exchange is in flight").hasValue(1);
        exchange.complete("answered");
        assertThat(stage.get(5, TimeUnit.SECONDS)).isEqualTo("answered");
        assertThat(timers).hasValue(1);
    }

    // ------------------------------------------------------------------ the blocking driver's cancellation

    @Test
    void aCancelledHandleEndsABlockingCallBeforeItsNextAttempt() {
        CallCancellation cancellation = CallCancellation.create();
        Harness engine = engine(RetryPolicy.defaults());
        AtomicInteger calls = new AtomicInteger();
        engine.gateway().asyncAttempt = token -> {
            calls.incrementAndGet();
            cancellation.cancel(); // the caller gives up while the first attempt is answered
            return CompletableFuture.failedFuture(status503());
        };
        CallOptions options = CallOptions.builder().cancellation(cancellation).build();
        assertThatThrownBy(() -> engine.blocking().run(engine.engine().call(Harness.plan(Operation.RETRIEVE, "/p"),
                options))).isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(calls).hasValue(1);
    }
}
