package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.RetryPolicy;
import io.civicpass.error.AuthenticationException;
import io.civicpass.error.CivicPassException;
import io.civicpass.error.CivicTransportException;
import io.civicpass.error.InvalidRequestException;
import io.civicpass.error.RateLimitedException;
import io.civicpass.error.ServerException;
import io.civicpass.model.AccessToken;
import io.civicpass.port.ApiCall;
import java.util.function.Supplier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CallRunnerTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    final CountingTokenSource tokens = new CountingTokenSource(clock, Duration.ofHours(1));
    final TokenCache cache = new TokenCache(tokens, clock, Duration.ofSeconds(60), Duration.ofSeconds(5), "/oauth/token");
    final AtomicLong nanos = new AtomicLong();
    final List<Duration> sleeps = new ArrayList<>();
    final Sleeper sleeper = duration -> {
        sleeps.add(duration);
        nanos.addAndGet(duration.toNanos());
    };
    double random = 0.0;

    Harness runner(RetryPolicy policy) {
        Scripted gateway = new Scripted();
        return new Harness(new CallRunner(policy, cache, gateway, Duration.ofMillis(300), sleeper, SharedScheduler.instance(),
                nanos::get, () -> random, "/oauth/token"), gateway);
    }

    /** A gateway whose every exchange is the test's attempt function. */
    static final class Scripted implements Exchanges {
        volatile Function<AccessToken, ?> attempt;
        volatile Function<AccessToken, ? extends CompletionStage<?>> asyncAttempt;

        @Override
        @SuppressWarnings("unchecked")
        public <T> T execute(AccessToken token, ApiCall<T> call, Duration timeout) {
            return (T) attempt.apply(token);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> CompletableFuture<T> executeAsync(AccessToken token, ApiCall<T> call, Duration timeout) {
            return (CompletableFuture<T>) asyncAttempt.apply(token).toCompletableFuture();
        }
    }

    /** Runs an operation's description with the test's attempt in place of an HTTP exchange. */
    record Harness(CallRunner runner, Scripted gateway) {

        static <T> ApiCall<T> describe(Operation operation, String path) {
            return new ApiCall<>(operation.name().toLowerCase(java.util.Locale.ROOT), operation.method(),
                    operation.pathTemplate(), path, null, null, operation.sensitiveBody(), operation.repeat(),
                    (response, now) -> null);
        }

        <T> T call(Operation operation, Function<AccessToken, T> attempt, Supplier<Optional<T>> reconcile) {
            gateway.attempt = attempt;
            return runner.call(describe(operation, "/p"), reconcile == null ? null
                    : new CallRunner.Reconcile<>(() -> reconcile.get().map(CallRunner.Settled::new), unknown(operation)));
        }

        <T> CompletableFuture<T> callAsync(Operation operation, String path,
                                           Function<AccessToken, CompletionStage<T>> attempt,
                                           Supplier<CompletionStage<Optional<T>>> reconcile) {
            gateway.asyncAttempt = attempt;
            return runner.callAsync(describe(operation, path), reconcile == null ? null
                    : new CallRunner.AsyncReconcile<>(() -> reconcile.get().thenApply(found -> found.map(CallRunner.Settled::new)),
                    unknown(operation)));
        }

        /** Issue is never sent twice: its outcome becomes unknown; other operations look up once, then repeat. */
        static java.util.function.Function<CivicPassException, CivicPassException> unknown(Operation operation) {
            return operation == Operation.ISSUE
                    ? failure -> new io.civicpass.error.OutcomeUnknownException(
                            io.civicpass.model.PassKey.of(io.civicpass.model.ChainNetwork.SEPOLIA,
                                    "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888"), failure)
                    : null;
        }

        Duration backoff(int attempts) {
            return runner.backoff(attempts);
        }
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

    static ServerException status503() {
        return new ServerException(503, "GET", "/pass", "", null);
    }

    static CivicTransportException transport(CivicTransportException.Kind kind) {
        return new CivicTransportException(kind, "POST", "/pass/ethereum/sepolia", null);
    }

    @Test
    void retriesSafeOperationsWithExponentialBackoffAndAJitterFloor() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(runner(RetryPolicy.defaults()).call(Operation.RETRIEVE, failing(calls, status503(), status503()), null))
                .isEqualTo("ok");
        assertThat(calls).hasValue(3);
        // random 0: the floor, half of 0.5 s then half of 1 s
        assertThat(sleeps).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void backoffGrowsToItsCapAndJitterStaysBetweenHalfAndAll() {
        Harness runner = runner(RetryPolicy.builder().maxAttempts(10).build());
        random = 0.999999;
        assertThat(runner.backoff(1)).isBetween(Duration.ofMillis(499), Duration.ofMillis(500));
        assertThat(runner.backoff(4)).isBetween(Duration.ofMillis(3999), Duration.ofMillis(4000));
        assertThat(runner.backoff(5)).isBetween(Duration.ofMillis(4999), Duration.ofSeconds(5));
        assertThat(runner.backoff(30)).isBetween(Duration.ofMillis(4999), Duration.ofSeconds(5));
        random = 0;
        assertThat(runner.backoff(30)).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void givesUpAfterMaxAttempts() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> runner(RetryPolicy.defaults())
                .call(Operation.LIST, failing(calls, status503(), status503(), status503(), status503()), null))
                .isInstanceOf(ServerException.class);
        assertThat(calls).hasValue(3);
    }

    @Test
    void neverRetriesClientErrorsOr500() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> runner(RetryPolicy.defaults()).call(Operation.RETRIEVE,
                failing(calls, new InvalidRequestException(400, "GET", "/p", "", null)), null))
                .isInstanceOf(InvalidRequestException.class);
        AtomicInteger serverCalls = new AtomicInteger();
        assertThatThrownBy(() -> runner(RetryPolicy.defaults()).call(Operation.RETRIEVE,
                failing(serverCalls, new ServerException(500, "GET", "/p", "", null)), null))
                .isInstanceOf(ServerException.class);
        assertThat(calls).hasValue(1);
        assertThat(serverCalls).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void honoursRetryAfterWhenLongerThanTheBackoff() {
        AtomicInteger calls = new AtomicInteger();
        RateLimitedException limited = new RateLimitedException("POST", "/pass", "", null, Duration.ofSeconds(3));
        assertThat(runner(RetryPolicy.defaults()).call(Operation.ISSUE, failing(calls, limited), () -> Optional.empty()))
                .isEqualTo("ok");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void surfacesRetryAfterBeyondTheCapInsteadOfWaiting() {
        AtomicInteger calls = new AtomicInteger();
        RateLimitedException limited = new RateLimitedException("GET", "/pass", "", null, Duration.ofMinutes(5));
        assertThatThrownBy(() -> runner(RetryPolicy.defaults()).call(Operation.RETRIEVE, failing(calls, limited), null))
                .isSameAs(limited);
        assertThat(limited.retryAfter()).contains(Duration.ofMinutes(5));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void issueIsReconciledByALookupAfterAnAmbiguousFailure() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger lookups = new AtomicInteger();
        String result = runner(RetryPolicy.defaults()).call(Operation.ISSUE,
                failing(calls, transport(CivicTransportException.Kind.TIMEOUT)), () -> {
                    lookups.incrementAndGet();
                    return Optional.of("found");
                });
        assertThat(result).isEqualTo("found");
        assertThat(calls).as("the issue is not sent again").hasValue(1);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void issueIsNeverSentAgainAfterA5xxAndItsOutcomeIsUnknownWhenThePassNeverAppears() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger lookups = new AtomicInteger();
        RetryPolicy window = RetryPolicy.builder().reconcileWindow(Duration.ofSeconds(3)).build();
        ServerException unavailable = status503();
        assertThatThrownBy(() -> runner(window).call(Operation.ISSUE, failing(calls, unavailable), () -> {
            lookups.incrementAndGet();
            return Optional.empty();
        })).isInstanceOf(io.civicpass.error.OutcomeUnknownException.class).hasCause(unavailable)
                .hasMessageContaining("awaitConfirmed").hasMessageContaining("it was not sent again");
        assertThat(calls).as("the issue is not sent again").hasValue(1);
        assertThat(lookups.get()).as("looked up until the window closed").isGreaterThan(3);
        assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isLessThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void issueReturnsThePassOnceALaterLookupFindsIt() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger lookups = new AtomicInteger();
        String result = runner(RetryPolicy.defaults()).call(Operation.ISSUE,
                failing(calls, new io.civicpass.error.InvalidResponseException(202, "POST", "/p", "", null, null)), () ->
                        lookups.incrementAndGet() < 3 ? Optional.empty() : Optional.of("found"));
        assertThat(result).isEqualTo("found");
        assertThat(calls).hasValue(1);
        assertThat(lookups).hasValue(3);
    }

    @Test
    void aPiiReadIsNotSentAgainAfterAnAttemptThatMayHaveBeenServed() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> runner(RetryPolicy.defaults()).call(Operation.PII, failing(calls, status503()), null))
                .isInstanceOf(ServerException.class);
        assertThat(calls).hasValue(1);
        AtomicInteger refused = new AtomicInteger();
        assertThat(runner(RetryPolicy.defaults()).call(Operation.PII,
                failing(refused, transport(CivicTransportException.Kind.CONNECT)), null)).isEqualTo("ok");
        assertThat(refused).as("a refused connection sent nothing, so it is tried again").hasValue(2);
    }

    @Test
    void aConnectFailureIsRetriedWithoutALookupSinceNothingWasSent() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger lookups = new AtomicInteger();
        runner(RetryPolicy.defaults()).call(Operation.ISSUE, failing(calls, transport(CivicTransportException.Kind.CONNECT)),
                () -> {
                    lookups.incrementAndGet();
                    return Optional.empty();
                });
        assertThat(calls).hasValue(2);
        assertThat(lookups).hasValue(0);
    }

    @Test
    void aNonIdempotentOperationWithoutReconciliationIsNotRetriedAfterAnAmbiguousFailure() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> runner(RetryPolicy.defaults()).call(Operation.ISSUE,
                failing(calls, transport(CivicTransportException.Kind.IO)), null))
                .isInstanceOf(CivicTransportException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFailedLookupReportsTheOriginalFailureWithTheLookupSuppressed() {
        AtomicInteger calls = new AtomicInteger();
        ServerException original = status503();
        IllegalStateException lookupFailure = new IllegalStateException("lookup failed");
        assertThatThrownBy(() -> runner(RetryPolicy.defaults()).call(Operation.REVOKE, failing(calls, original), () -> {
            throw lookupFailure;
        })).isSameAs(original);
        assertThat(original.getSuppressed()).containsExactly(lookupFailure);
    }

    @Test
    void a401RefreshesTheTokenOnceWithoutWaiting() {
        AtomicInteger calls = new AtomicInteger();
        List<String> seen = new ArrayList<>();
        String result = runner(RetryPolicy.none()).call(Operation.RETRIEVE, token -> {
            seen.add(token.value());
            if (calls.getAndIncrement() == 0) {
                throw new AuthenticationException(401, "GET", "/p", "", null);
            }
            return "ok";
        }, null);
        assertThat(result).isEqualTo("ok");
        assertThat(seen).containsExactly("token-1", "token-2");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aSecond401IsThrown() {
        AtomicInteger calls = new AtomicInteger();
        AuthenticationException refused = new AuthenticationException(401, "GET", "/p", "", null);
        assertThatThrownBy(() -> runner(RetryPolicy.defaults()).call(Operation.RETRIEVE, failing(calls, refused, refused), null))
                .isSameAs(refused);
        assertThat(calls).hasValue(2);
        assertThat(tokens.requests).hasValue(2);
    }

    @Test
    void aRefusedTokenRequestIsNotRetried() {
        tokens.refuse = true;
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> runner(RetryPolicy.defaults()).call(Operation.RETRIEVE, failing(calls), null))
                .isInstanceOf(AuthenticationException.class);
        assertThat(calls).hasValue(0);
        assertThat(tokens.requests).hasValue(1);
    }

    @Test
    void stopsWhenTheNextWaitWouldPassTheTotalTimeout() {
        AtomicInteger calls = new AtomicInteger();
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(10).initialBackoff(Duration.ofSeconds(1))
                .maxBackoff(Duration.ofSeconds(1)).totalTimeout(Duration.ofMillis(1600)).build();
        assertThatThrownBy(() -> runner(policy).call(Operation.RETRIEVE,
                failing(calls, status503(), status503(), status503(), status503()), null))
                .isInstanceOf(ServerException.class);
        assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500));
        assertThat(calls).hasValue(4);
    }

    @Test
    void theRetryBudgetLimitsRetriesAcrossCalls() {
        Harness runner = runner(RetryPolicy.builder().maxAttempts(5).budget(2, 0).build());
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> runner.call(Operation.RETRIEVE,
                failing(calls, status503(), status503(), status503(), status503()), null))
                .isInstanceOf(ServerException.class);
        assertThat(calls).as("two retries drain the budget").hasValue(3);
        AtomicInteger later = new AtomicInteger();
        assertThatThrownBy(() -> runner.call(Operation.RETRIEVE, failing(later, status503()), null))
                .isInstanceOf(ServerException.class);
        assertThat(later).hasValue(1);
    }

    @Test
    void noneMakesOneAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> runner(RetryPolicy.none()).call(Operation.RETRIEVE, failing(calls, status503()), null))
                .isInstanceOf(ServerException.class);
        assertThat(calls).hasValue(1);
    }

    // ------------------------------------------------------------------ async

    Harness asyncRunner() {
        RetryPolicy fast = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();
        return harness(fast, Duration.ofMillis(200));
    }

    Harness harness(RetryPolicy policy, Duration requestTimeout) {
        Scripted gateway = new Scripted();
        return new Harness(new CallRunner(policy, cache, gateway, requestTimeout, Sleeper.SYSTEM, SharedScheduler.instance(),
                System::nanoTime, Math::random, "/oauth/token"), gateway);
    }

    static Function<AccessToken, CompletionStage<String>> failingAsync(AtomicInteger calls, CivicPassException... failures) {
        return token -> {
            int index = calls.getAndIncrement();
            return index < failures.length ? CompletableFuture.failedFuture(failures[index])
                    : CompletableFuture.completedFuture("ok:" + token.value());
        };
    }

    @Test
    void asyncRetriesAndRefreshesLikeTheBlockingPath() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String result = asyncRunner().callAsync(Operation.RETRIEVE, "/p", failingAsync(calls, status503(),
                new AuthenticationException(401, "GET", "/p", "", null)), null).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(result).isEqualTo("ok:token-2");
        assertThat(calls).hasValue(3);
    }

    @Test
    void asyncIssueIsReconciled() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String result = asyncRunner().callAsync(Operation.ISSUE, "/p",
                failingAsync(calls, transport(CivicTransportException.Kind.IO)),
                () -> CompletableFuture.completedFuture(Optional.of("found"))).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(result).isEqualTo("found");
        assertThat(calls).hasValue(1);
    }

    @Test
    void asyncFailuresCompleteTheStageWithTheTypedException() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> stage = asyncRunner().callAsync(Operation.RETRIEVE, "/p",
                failingAsync(calls, new InvalidRequestException(400, "GET", "/p", "", null)), null).toCompletableFuture();
        assertThatThrownBy(() -> stage.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InvalidRequestException.class);
    }

    @Test
    void cancellingTheCallCancelsTheExchangeInFlightAndStopsRetrying() throws Exception {
        CompletableFuture<String> exchange = new CompletableFuture<>();
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> call = asyncRunner().<String>callAsync(Operation.RETRIEVE, "/p", token -> {
            attempts.incrementAndGet();
            return exchange;
        }, null).toCompletableFuture();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (attempts.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5); // the token arrives asynchronously before the exchange starts
        }
        call.cancel(true);
        assertThat(exchange.isCancelled()).isTrue();
        Thread.sleep(50);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void theSafetyNetCancelsTheExchangeItGaveUpOn() {
        CompletableFuture<String> exchange = new CompletableFuture<>();
        Harness runner = harness(RetryPolicy.builder().maxAttempts(1).totalTimeout(Duration.ofMillis(20)).build(),
                Duration.ofMillis(20));
        CompletableFuture<String> stage = runner.<String>callAsync(Operation.RETRIEVE, "/pass/x", token -> exchange, null)
                .toCompletableFuture();
        assertThatThrownBy(() -> stage.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CivicTransportException.class);
        assertThat(exchange.isCancelled()).isTrue();
    }

    @Test
    void anAsyncAttemptThatNeverAnswersIsCutOffByTheSafetyNet() {
        Harness runner = harness(RetryPolicy.none(), Duration.ofMillis(50));
        CompletableFuture<String> stage = runner.<String>callAsync(Operation.RETRIEVE, "/pass/x",
                token -> new CompletableFuture<>(), null).toCompletableFuture();
        assertThatThrownBy(() -> stage.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CivicTransportException.class)
                .hasMessageContaining("GET /pass/x failed: timed out");
    }

    @Test
    void aCachedTokenArmsNoTimerOnlyTheExchangeDoes() throws Exception {
        AtomicInteger timers = new AtomicInteger();
        io.civicpass.spi.Scheduler counting = (delay, task) -> {
            timers.incrementAndGet();
            return SharedScheduler.instance().schedule(delay, task);
        };
        Scripted gateway = new Scripted();
        Harness runner = new Harness(new CallRunner(RetryPolicy.none(), cache, gateway, Duration.ofSeconds(5), Sleeper.SYSTEM,
                counting, System::nanoTime, Math::random, "/oauth/token"), gateway);
        cache.fetch(Duration.ofSeconds(5)); // the token is cached before the call
        CompletableFuture<String> exchange = new CompletableFuture<>();
        CompletableFuture<String> stage = runner.<String>callAsync(Operation.RETRIEVE, "/pass/x", token -> exchange, null)
                .toCompletableFuture();
        assertThat(timers).as("timers armed while the exchange is in flight").hasValue(1);
        exchange.complete("answered");
        assertThat(stage.get(5, TimeUnit.SECONDS)).isEqualTo("answered");
        assertThat(timers).hasValue(1);
    }
}
