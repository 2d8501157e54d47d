package io.civicpass;

import io.civicpass.error.AuthenticationException;
import io.civicpass.error.CivicApiException;
import io.civicpass.error.InvalidResponseException;
import io.civicpass.error.CivicPassException;
import io.civicpass.error.CivicTransportException;
import io.civicpass.error.RateLimitedException;
import io.civicpass.error.ServerException;
import io.civicpass.event.CivicPassListener;
import io.civicpass.event.NextStep;
import io.civicpass.event.RetryReason;
import io.civicpass.model.AccessToken;
import io.civicpass.port.ApiCall;
import io.civicpass.spi.Scheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs one client call: obtains the token, makes the attempt, refreshes the token once on a
 * 401, and retries per the {@link RetryPolicy}, blocking ({@link #call}) or not
 * ({@link #callAsync}). The one place where retry rules live. One deadline covers the whole
 * call: each exchange is given the smaller of the request timeout and what is left. Tells the
 * client's {@link Telemetry} of each call and attempt.
 */
final class CallRunner {

    /** The first wait between lookups for a pass whose issue had an unknown outcome. */
    private static final Duration FIRST_RECONCILE_POLL = Duration.ofMillis(100);
    /** The longest wait between such lookups. */
    private static final Duration MAX_RECONCILE_POLL = Duration.ofSeconds(2);

    /** Extra time the asynchronous safety net allows beyond an exchange's own deadline. */
    private static final Duration SAFETY_NET_GRACE = Duration.ofMillis(200);

    private final RetryPolicy policy;
    private final TokenCache tokens;
    private final Exchanges gateway;
    private final RetryBudget budget;
    private final Duration requestTimeout;
    private final Sleeper sleeper;
    private final Scheduler scheduler;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;
    private final String tokenPath;
    private final Telemetry telemetry;

    CallRunner(RetryPolicy policy, TokenCache tokens, Exchanges gateway, Duration requestTimeout, Sleeper sleeper,
               Scheduler scheduler, LongSupplier nanoTime, DoubleSupplier random, String tokenPath) {
        this(policy, tokens, gateway, requestTimeout, sleeper, scheduler, nanoTime, random, tokenPath,
                new Telemetry(CivicPassListener.NONE, nanoTime));
    }

    CallRunner(RetryPolicy policy, TokenCache tokens, Exchanges gateway, Duration requestTimeout, Sleeper sleeper,
               Scheduler scheduler, LongSupplier nanoTime, DoubleSupplier random, String tokenPath,
               Telemetry telemetry) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry == null");
        this.policy = Objects.requireNonNull(policy, "policy == null");
        this.tokens = Objects.requireNonNull(tokens, "tokens == null");
        this.gateway = Objects.requireNonNull(gateway, "gateway == null");
        this.budget = new RetryBudget(policy.budgetCapacity(), policy.budgetRefillPerCall());
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout == null");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime == null");
        this.random = Objects.requireNonNull(random, "random == null");
        this.tokenPath = Objects.requireNonNull(tokenPath, "tokenPath == null");
    }

    /** The scope of a call starting now with the client's own settings. */
    Scope scope() {
        return scope(CallOptions.DEFAULTS);
    }

    /** The scope of a call starting now: its deadline from the options' timeout or the policy's. */
    Scope scope(CallOptions options) {
        Duration total = options.timeout().orElse(policy.totalTimeout());
        return new Scope(nanoTime.getAsLong() + total.toNanos(), options);
    }

    /** The scope of a call that must end by {@code deadline} (a poll of a longer wait, say). */
    Scope scope(CallOptions options, long deadline) {
        return new Scope(deadline, options);
    }

    Telemetry telemetry() {
        return telemetry;
    }

    // ------------------------------------------------------------------------ blocking

    /**
     * Runs a blocking call.
     *
     * @param call      the operation
     * @param reconcile for operations that must not act twice, looks up whether an ambiguous
     *                  attempt took effect: a present result ends the call with it; null when
     *                  not applicable
     */
    <T> T call(ApiCall<T> call, Reconcile<T> reconcile) {
        return call(call, reconcile, scope());
    }

    <T> T call(ApiCall<T> call, Reconcile<T> reconcile, Scope scope) {
        Telemetry.CallTrace trace = telemetry.start(call.name(), scope.options.requestIdListener());
        try {
            T result = run(call, reconcile, scope, trace);
            trace.finished(null);
            return result;
        } catch (RuntimeException | Error failure) {
            trace.finished(failure);
            throw failure;
        }
    }

    private <T> T run(ApiCall<T> call, Reconcile<T> reconcile, Scope scope, Telemetry.CallTrace trace) {
        long deadline = scope.deadline;
        budget.recordCall();
        boolean tokenRefreshed = false;
        int attempts = 0;
        while (true) {
            scope.checkNotCancelled();
            attempts++;
            AccessToken token = null;
            try {
                token = fetchToken(scope, attempts > 1);
                Duration timeout = attemptTimeout(call, deadline);
                trace.attemptStarted(call);
                T result = exchange(token, call, timeout, scope, trace);
                trace.attemptFinished(call, null, NextStep.END, null, null);
                return result;
            } catch (CivicPassException failure) {
                if (token != null && !tokenRefreshed && isUnauthorized(failure)) {
                    trace.attemptFinished(call, failure, NextStep.RETRY, RetryReason.TOKEN_REFUSED, Duration.ZERO);
                    tokens.invalidate(token);
                    tokenRefreshed = true;
                    attempts--; // a refused token is not the call's failure
                    continue;
                }
                boolean sent = token != null; // else the token request failed and the call was never sent
                if (sent && call.repeat() == ApiCall.Repeat.AT_MOST_ONCE && mayHaveActed(failure)) {
                    if (reconcile == null || reconcile.unknown == null) {
                        trace.attemptFinished(call, failure, NextStep.END, null, null);
                        throw failure; // never sent again, and nothing to look up
                    }
                    trace.attemptFinished(call, failure, NextStep.RECONCILE, null, null);
                    return pollUntilSettled(reconcile, failure, scope);
                }
                Retry retry = retryDelay(sent ? call.repeat() : ApiCall.Repeat.SAFE, failure, attempts, deadline,
                        sent && reconcile != null);
                if (retry.delay == null) {
                    trace.attemptFinished(call, failure, retry.budgetRefused ? NextStep.BUDGET_REFUSED : NextStep.END,
                            null, null);
                    throw failure;
                }
                trace.attemptFinished(call, failure, NextStep.RETRY, retryReason(failure), retry.delay);
                if (sent && reconcile != null && isAmbiguous(failure)) {
                    Optional<Settled<T>> settled = reconcileOrThrow(reconcile.lookup, failure);
                    if (settled.isPresent()) {
                        return settled.get().value();
                    }
                }
                sleep(retry.delay, failure, scope);
            }
        }
    }

    /** The token for an attempt, waiting at most what is left of the call (and never past a cancellation). */
    private AccessToken fetchToken(Scope scope, boolean retrying) {
        Duration left = left(scope.deadline);
        if (scope.cancellation == null) {
            return tokens.fetch(left, retrying);
        }
        return awaitCancellable(tokens.fetchAsync(left, retrying), left.plus(SAFETY_NET_GRACE), scope, this::tokenTimeout);
    }

    /** One exchange; with a cancellation handle, through the non-blocking face so that cancelling abandons it. */
    private <T> T exchange(AccessToken token, ApiCall<T> call, Duration timeout, Scope scope, Telemetry.CallTrace trace) {
        if (scope.cancellation == null) {
            return gateway.execute(token, call, timeout, trace);
        }
        return awaitCancellable(gateway.executeAsync(token, call, timeout, trace), timeout.plus(SAFETY_NET_GRACE), scope,
                () -> callTimeout(call));
    }

    /** Waits for {@code stage} at most {@code bound}; a cancellation of the scope cancels it and throws. */
    private static <T> T awaitCancellable(CompletableFuture<T> stage, Duration bound, Scope scope,
                                          Supplier<CivicPassException> timeout) {
        Runnable stopListening = scope.cancellation.onCancel(() -> stage.cancel(true));
        try {
            return stage.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (CancellationException cancelled) {
            throw scope.cancelled();
        } catch (ExecutionException failed) {
            Throwable cause = CivicErrors.unwrap(failed);
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("exchange failed", cause);
        } catch (TimeoutException late) {
            stage.cancel(true);
            throw timeout.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stage.cancel(true);
            throw scope.cancelled();
        } finally {
            stopListening.run();
        }
    }

    private static RetryReason retryReason(CivicPassException failure) {
        if (failure instanceof RateLimitedException) {
            return RetryReason.RATE_LIMITED;
        }
        if (failure instanceof CivicTransportException) {
            return ((CivicTransportException) failure).kind() == CivicTransportException.Kind.TIMEOUT
                    ? RetryReason.TIMEOUT : RetryReason.CONNECTION;
        }
        return RetryReason.SERVER_ERROR;
    }

    /**
     * Looks for the result of an attempt that may have acted, until it appears, the reconcile
     * window closes or the call's deadline comes; then the outcome is unknown.
     */
    private <T> T pollUntilSettled(Reconcile<T> reconcile, CivicPassException failure, Scope scope) {
        long until = Math.min(scope.deadline, nanoTime.getAsLong() + policy.reconcileWindow().toNanos());
        Duration interval = FIRST_RECONCILE_POLL;
        while (true) {
            try {
                Optional<Settled<T>> settled = reconcile.lookup.get();
                if (settled.isPresent()) {
                    return settled.get().value();
                }
            } catch (CivicPassException lookupFailed) {
                failure.addSuppressed(lookupFailed);
            }
            long left = until - nanoTime.getAsLong();
            if (left <= 0) {
                throw reconcile.unknown.apply(failure);
            }
            sleep(Duration.ofNanos(Math.min(left, interval.toNanos())), reconcile.unknown.apply(failure), scope);
            interval = nextReconcilePoll(interval);
        }
    }

    /**
     * After Civic refused an issue: the pass it refused for, if one is live or pending and shows
     * up within the reconcile window; otherwise the refusal stands. Civic's refusal status for an
     * existing pass is not documented, so any 4xx refusal is checked.
     */
    <T> T pollForRefusedIssue(Reconcile<T> reconcile, CivicPassException refusal, Scope scope) {
        long until = Math.min(scope.deadline, nanoTime.getAsLong() + policy.reconcileWindow().toNanos());
        Duration interval = FIRST_RECONCILE_POLL;
        while (true) {
            Optional<Settled<T>> settled;
            try {
                settled = reconcile.lookup.get();
            } catch (CivicPassException lookupFailed) {
                refusal.addSuppressed(lookupFailed);
                throw refusal;
            }
            if (settled.isPresent()) {
                return settled.get().value();
            }
            long left = until - nanoTime.getAsLong();
            if (left <= 0 || !pendingRefusal(refusal)) {
                throw refusal;
            }
            sleep(Duration.ofNanos(Math.min(left, interval.toNanos())), refusal, scope);
            interval = nextReconcilePoll(interval);
        }
    }

    /** As {@link #pollForRefusedIssue}, without blocking. */
    <T> CompletableFuture<T> pollForRefusedIssueAsync(AsyncReconcile<T> reconcile, CivicPassException refusal,
                                                      Scope scope) {
        CompletableFuture<T> result = new CompletableFuture<>();
        long until = Math.min(scope.deadline, nanoTime.getAsLong() + policy.reconcileWindow().toNanos());
        refusedPoll(reconcile, refusal, until, FIRST_RECONCILE_POLL, result);
        return result;
    }

    private <T> void refusedPoll(AsyncReconcile<T> reconcile, CivicPassException refusal, long until,
                                 Duration interval, CompletableFuture<T> result) {
        CompletionStage<Optional<Settled<T>>> lookup;
        try {
            lookup = reconcile.lookup.get();
        } catch (RuntimeException thrown) {
            lookup = CompletableFuture.failedFuture(thrown);
        }
        lookup.whenComplete((settled, error) -> {
            if (error != null) {
                refusal.addSuppressed(CivicErrors.unwrap(error));
                result.completeExceptionally(refusal);
            } else if (settled.isPresent()) {
                result.complete(settled.get().value());
            } else {
                long left = until - nanoTime.getAsLong();
                if (left <= 0 || !pendingRefusal(refusal)) {
                    result.completeExceptionally(refusal);
                } else {
                    scheduler.schedule(Duration.ofNanos(Math.min(left, interval.toNanos())),
                            () -> refusedPoll(reconcile, refusal, until, nextReconcilePoll(interval), result));
                }
            }
        });
    }

    /**
     * A 409 says the resource exists: a pass still pending (not shown until confirmed) is worth
     * waiting for; any other refusal gets one lookup only.
     */
    private static boolean pendingRefusal(CivicPassException refusal) {
        return refusal instanceof CivicApiException && ((CivicApiException) refusal).status() == 409;
    }

    /** One exchange with no retries, within the call's deadline: used by reconciling lookups. */
    <T> T once(ApiCall<T> call, Scope scope) {
        Telemetry.CallTrace trace = telemetry.start(call.name(), CallOptions.DEFAULTS.requestIdListener());
        try {
            scope.checkNotCancelled();
            AccessToken token = fetchToken(scope, false);
            Duration timeout = attemptTimeout(call, scope.deadline);
            trace.attemptStarted(call);
            T result;
            try {
                result = exchange(token, call, timeout, scope, trace);
            } catch (RuntimeException failure) {
                trace.attemptFinished(call, failure, NextStep.END, null, null);
                throw failure;
            }
            trace.attemptFinished(call, null, NextStep.END, null, null);
            trace.finished(null);
            return result;
        } catch (RuntimeException | Error failure) {
            trace.finished(failure);
            throw failure;
        }
    }

    // ------------------------------------------------------------------------ non-blocking

    /**
     * Runs a non-blocking call; waits go through the scheduler and every attempt is bounded by
     * the call's deadline.
     */
    <T> CompletableFuture<T> callAsync(ApiCall<T> call, AsyncReconcile<T> reconcile) {
        return callAsync(call, reconcile, scope());
    }

    <T> CompletableFuture<T> callAsync(ApiCall<T> call, AsyncReconcile<T> reconcile, Scope scope) {
        budget.recordCall();
        CompletableFuture<T> result = new CompletableFuture<>();
        Telemetry.CallTrace trace = telemetry.start(call.name(), scope.options.requestIdListener());
        AsyncCall<T> state = new AsyncCall<>(call, reconcile, scope, trace, result);
        // The caller sees the end only after the listener was told of it.
        CompletableFuture<T> told = new CompletableFuture<>();
        Runnable stopListening = scope.cancellation == null ? () -> { }
                : scope.cancellation.onCancel(() -> told.cancel(true));
        result.whenComplete((value, error) -> {
            stopListening.run();
            trace.finished(error == null ? null : CivicErrors.unwrap(error));
            if (error == null) {
                told.complete(value);
            } else {
                told.completeExceptionally(CivicErrors.unwrap(error));
            }
        });
        told.whenComplete((value, error) -> {
            if (told.isCancelled() && result.cancel(true)) {
                state.cancelCurrentExchange(); // the caller gave up: stop the exchange in flight
            }
        });
        attemptAsync(state, 1, false);
        return told;
    }

    /** One exchange with no retries, within the call's deadline: used by reconciling lookups. */
    <T> CompletableFuture<T> onceAsync(ApiCall<T> call, Scope scope) {
        long deadline = scope.deadline;
        Telemetry.CallTrace trace = telemetry.start(call.name(), CallOptions.DEFAULTS.requestIdListener());
        boolean[] started = new boolean[1];
        CompletableFuture<T> result = within(tokens.fetchAsync(left(deadline)), call, left(deadline), true)
                .thenCompose(token -> {
                    Duration timeout = attemptTimeout(call, deadline);
                    trace.attemptStarted(call);
                    started[0] = true;
                    return within(gateway.executeAsync(token, call, timeout, trace), call, timeout, false);
                });
        // Completes after the listener was told: whenComplete's stage follows its action.
        return result.whenComplete((value, error) -> {
            Throwable failure = error == null ? null : CivicErrors.unwrap(error);
            if (started[0]) {
                trace.attemptFinished(call, failure, NextStep.END, null, null);
            }
            trace.finished(failure);
        });
    }

    private <T> void attemptAsync(AsyncCall<T> state, int attempts, boolean tokenRefreshed) {
        if (state.result.isDone()) {
            return; // cancelled by the caller meanwhile: no further attempt
        }
        AccessToken[] used = new AccessToken[1];
        CompletionStage<T> stage;
        try {
            stage = within(tokens.fetchAsync(left(state.deadline), attempts > 1), state.call, left(state.deadline), true)
                    .thenCompose(token -> {
                        used[0] = token;
                        Duration timeout = attemptTimeout(state.call, state.deadline);
                        state.trace.attemptStarted(state.call);
                        CompletableFuture<T> exchange = gateway.executeAsync(token, state.call, timeout, state.trace);
                        state.current = exchange;
                        if (state.result.isCancelled()) {
                            state.cancelCurrentExchange();
                        }
                        return within(exchange, state.call, timeout, false);
                    });
        } catch (RuntimeException thrown) {
            stage = CompletableFuture.failedFuture(thrown);
        }
        stage.whenComplete((value, error) -> {
            boolean sent = used[0] != null;
            if (error == null) {
                state.trace.attemptFinished(state.call, null, NextStep.END, null, null);
                state.result.complete(value);
                return;
            }
            Throwable failure = CivicErrors.unwrap(error);
            if (!(failure instanceof CivicPassException)) {
                if (sent) {
                    state.trace.attemptFinished(state.call, failure, NextStep.END, null, null);
                }
                state.result.completeExceptionally(failure);
                return;
            }
            CivicPassException civicFailure = (CivicPassException) failure;
            if (sent && !tokenRefreshed && isUnauthorized(civicFailure)) {
                state.trace.attemptFinished(state.call, civicFailure, NextStep.RETRY, RetryReason.TOKEN_REFUSED,
                        Duration.ZERO);
                tokens.invalidate(used[0]);
                attemptAsync(state, attempts, true);
                return;
            }
            if (sent && state.call.repeat() == ApiCall.Repeat.AT_MOST_ONCE && mayHaveActed(civicFailure)) {
                if (state.reconcile == null || state.reconcile.unknown == null) {
                    state.trace.attemptFinished(state.call, civicFailure, NextStep.END, null, null);
                    state.result.completeExceptionally(civicFailure);
                } else {
                    state.trace.attemptFinished(state.call, civicFailure, NextStep.RECONCILE, null, null);
                    long until = Math.min(state.deadline, nanoTime.getAsLong() + policy.reconcileWindow().toNanos());
                    pollAsync(state, civicFailure, until, FIRST_RECONCILE_POLL);
                }
                return;
            }
            Retry decision = retryDelay(sent ? state.call.repeat() : ApiCall.Repeat.SAFE, civicFailure, attempts,
                    state.deadline, sent && state.reconcile != null);
            if (decision.delay == null) {
                if (sent) {
                    state.trace.attemptFinished(state.call, civicFailure,
                            decision.budgetRefused ? NextStep.BUDGET_REFUSED : NextStep.END, null, null);
                }
                state.result.completeExceptionally(civicFailure);
                return;
            }
            Duration delay = decision.delay;
            if (sent) {
                state.trace.attemptFinished(state.call, civicFailure, NextStep.RETRY, retryReason(civicFailure), delay);
            }
            Runnable retry = () -> scheduler.schedule(delay, () -> attemptAsync(state, attempts + 1, tokenRefreshed));
            if (sent && state.reconcile != null && isAmbiguous(civicFailure)) {
                reconcileAsync(state, civicFailure, retry);
            } else {
                retry.run();
            }
        });
    }

    private <T> void pollAsync(AsyncCall<T> state, CivicPassException failure, long until, Duration interval) {
        if (state.result.isDone()) {
            return;
        }
        CompletionStage<Optional<Settled<T>>> lookup;
        try {
            lookup = state.reconcile.lookup.get();
        } catch (RuntimeException thrown) {
            lookup = CompletableFuture.failedFuture(thrown);
        }
        lookup.whenComplete((settled, error) -> {
            if (error == null && settled.isPresent()) {
                state.result.complete(settled.get().value());
                return;
            }
            if (error != null) {
                failure.addSuppressed(CivicErrors.unwrap(error));
            }
            long left = until - nanoTime.getAsLong();
            if (left <= 0) {
                state.result.completeExceptionally(state.reconcile.unknown.apply(failure));
                return;
            }
            scheduler.schedule(Duration.ofNanos(Math.min(left, interval.toNanos())),
                    () -> pollAsync(state, failure, until, nextReconcilePoll(interval)));
        });
    }

    private <T> void reconcileAsync(AsyncCall<T> state, CivicPassException original, Runnable retry) {
        CompletionStage<Optional<Settled<T>>> lookup;
        try {
            lookup = state.reconcile.lookup.get();
        } catch (RuntimeException thrown) {
            lookup = CompletableFuture.failedFuture(thrown);
        }
        lookup.whenComplete((settled, error) -> {
            if (error != null) {
                original.addSuppressed(CivicErrors.unwrap(error));
                state.result.completeExceptionally(original);
            } else if (settled.isPresent()) {
                state.result.complete(settled.get().value());
            } else {
                retry.run();
            }
        });
    }

    /**
     * Bounds a stage by the time it was given, so a transport that never answers cannot hang the
     * caller; on expiry the exchange is abandoned.
     */
    private <T> CompletableFuture<T> within(CompletableFuture<T> stage, ApiCall<?> call, Duration bound,
                                            boolean token) {
        CompletableFuture<T> bounded = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
        // A stage already done (a cached token, most calls) has nothing to bound: no timer to arm.
        Scheduler.Cancellable timer = stage.isDone() ? null : scheduler.schedule(bound.plus(SAFETY_NET_GRACE), () -> {
            if (!bounded.isDone() && expired.compareAndSet(false, true)) {
                // Released before the caller hears of the timeout, so nothing of it outlives the call.
                stage.cancel(true);
                bounded.completeExceptionally(token ? tokenTimeout() : callTimeout(call));
            }
        });
        stage.whenComplete((value, error) -> {
            if (timer != null) {
                timer.cancel();
            }
            if (expired.get()) {
                return; // the timer ends the bounded stage with the timeout
            }
            if (error == null) {
                bounded.complete(value);
            } else {
                bounded.completeExceptionally(CivicErrors.unwrap(error));
            }
        });
        return bounded;
    }

    // ------------------------------------------------------------------------ rules

    /**
     * The time one exchange may take: the smaller of the request timeout and what is left of the
     * call. Throws a timeout when nothing is left, so no request starts after the deadline.
     */
    private Duration attemptTimeout(ApiCall<?> call, long deadline) {
        long left = deadline - nanoTime.getAsLong();
        if (left <= 0) {
            throw callTimeout(call);
        }
        return left < requestTimeout.toNanos() ? Duration.ofNanos(left) : requestTimeout;
    }

    /** What is left of a call's deadline, never negative. */
    private Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - nanoTime.getAsLong()));
    }

    private CivicTransportException callTimeout(ApiCall<?> call) {
        return new CivicTransportException(CivicTransportException.Kind.TIMEOUT, call.method().name(), call.path(), null);
    }

    private CivicTransportException tokenTimeout() {
        return new CivicTransportException(CivicTransportException.Kind.TIMEOUT, false,
                Operation.TOKEN.method().name(), tokenPath, null);
    }

    /** A 401 from the API (not from the token endpoint: then no token was obtained). */
    private static boolean isUnauthorized(CivicPassException failure) {
        return failure instanceof AuthenticationException && ((AuthenticationException) failure).status() == 401;
    }

    /**
     * Whether the failure leaves it unknown if Civic acted on the request.
     *
     * @return true for 502/503/504 and for timeouts or broken connections after sending
     */
    static boolean isAmbiguous(CivicPassException failure) {
        if (failure instanceof CivicTransportException) {
            return ((CivicTransportException) failure).requestMayHaveBeenSent();
        }
        return failure instanceof ServerException && isRetryableStatus(((ServerException) failure).status());
    }

    /**
     * Whether Civic may have acted on an attempt that failed this way: a timeout or broken
     * connection after sending, any 5xx, or a 2xx whose body could not be read.
     */
    static boolean mayHaveActed(CivicPassException failure) {
        if (failure instanceof CivicTransportException) {
            return ((CivicTransportException) failure).requestMayHaveBeenSent();
        }
        if (failure instanceof InvalidResponseException) {
            return true;
        }
        return failure instanceof CivicApiException && ((CivicApiException) failure).status() >= 500;
    }

    static Duration nextReconcilePoll(Duration interval) {
        Duration next = interval.multipliedBy(3).dividedBy(2);
        return next.compareTo(MAX_RECONCILE_POLL) > 0 ? MAX_RECONCILE_POLL : next;
    }

    private static boolean isRetryableStatus(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    /** The wait before the next attempt, or none if the call must not be retried. */
    private Retry retryDelay(ApiCall.Repeat repeat, CivicPassException failure, int attempts, long deadline,
                                boolean reconcilable) {
        boolean repeatable = repeat != ApiCall.Repeat.AT_MOST_ONCE;
        Duration serverWait = null;
        if (failure instanceof RateLimitedException) {
            serverWait = ((RateLimitedException) failure).retryAfter().orElse(null);
            if (serverWait != null && serverWait.compareTo(policy.maxRetryAfter()) > 0) {
                return Retry.NONE; // the server asks for longer than we wait: let the caller decide
            }
        } else if (failure instanceof CivicTransportException) {
            if (isAmbiguous(failure) && !repeatable && !reconcilable) {
                return Retry.NONE;
            }
        } else if (failure instanceof ServerException && isRetryableStatus(((ServerException) failure).status())) {
            if (!repeatable && !reconcilable) {
                return Retry.NONE;
            }
        } else {
            return Retry.NONE;
        }
        if (attempts >= policy.maxAttempts()) {
            return Retry.NONE;
        }
        Duration delay = backoff(attempts);
        if (serverWait != null && serverWait.compareTo(delay) > 0) {
            delay = serverWait;
        }
        if (nanoTime.getAsLong() + delay.toNanos() >= deadline) {
            return Retry.NONE;
        }
        return budget.tryRetry() ? new Retry(delay, false) : Retry.REFUSED;
    }

    /** Exponential backoff with jitter that keeps half the wait as a floor. */
    Duration backoff(int attemptsMade) {
        long initial = policy.initialBackoff().toNanos();
        long cap = policy.maxBackoff().toNanos();
        long base = initial;
        for (int i = 1; i < attemptsMade && base < cap; i++) {
            base = base > cap / 2 ? cap : base * 2;
        }
        base = Math.min(base, cap);
        long half = base / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * (base - half)));
    }

    private <T> Optional<Settled<T>> reconcileOrThrow(Supplier<Optional<Settled<T>>> reconcile, CivicPassException original) {
        try {
            return reconcile.get();
        } catch (RuntimeException lookupFailed) {
            original.addSuppressed(lookupFailed);
            throw original;
        }
    }

    private void sleep(Duration delay, CivicPassException pending, Scope scope) {
        try {
            pause(delay, scope);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw pending;
        }
    }

    /**
     * Waits {@code delay}; with a cancellation handle, wakes on it and throws
     * {@link CancellationException}.
     */
    void pause(Duration delay, Scope scope) throws InterruptedException {
        if (scope.cancellation == null) {
            sleeper.sleep(delay);
            return;
        }
        CompletableFuture<Void> woken = new CompletableFuture<>();
        Runnable stopListening = scope.cancellation.onCancel(() -> woken.complete(null));
        try {
            woken.get(delay.toNanos(), TimeUnit.NANOSECONDS);
            throw scope.cancelled();
        } catch (TimeoutException waitedOut) {
            // the delay passed
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        } finally {
            stopListening.run();
        }
    }

    /** A retry decision: the wait before the next attempt, or none, and whether the budget refused it. */
    private record Retry(Duration delay, boolean budgetRefused) {
        static final Retry NONE = new Retry(null, false);
        static final Retry REFUSED = new Retry(null, true);
    }

    /**
     * What one public call runs within: its deadline, its options and their cancellation handle.
     * Lookups the call makes share it.
     */
    static final class Scope {
        final long deadline;
        final CallOptions options;
        final CallCancellation cancellation;

        Scope(long deadline, CallOptions options) {
            this.deadline = deadline;
            this.options = options;
            this.cancellation = options.cancellation().orElse(null);
        }

        void checkNotCancelled() {
            if (cancellation != null && cancellation.isCancelled()) {
                throw cancelled();
            }
        }

        CancellationException cancelled() {
            return new CancellationException("the call was cancelled through its CallCancellation");
        }
    }

    /**
     * How to learn whether an attempt that may have acted took effect. With {@code unknown}
     * set, the operation is never sent again after such an attempt: the lookup is polled within
     * the reconcile window, and {@code unknown} makes the exception for an outcome still unknown.
     * Without it, one lookup is made before the attempt is repeated.
     */
    static final class Reconcile<T> {
        final Supplier<Optional<Settled<T>>> lookup;
        final Function<CivicPassException, CivicPassException> unknown;

        Reconcile(Supplier<Optional<Settled<T>>> lookup, Function<CivicPassException, CivicPassException> unknown) {
            this.lookup = lookup;
            this.unknown = unknown;
        }
    }

    /** {@link Reconcile}, for the non-blocking face. */
    static final class AsyncReconcile<T> {
        final Supplier<CompletionStage<Optional<Settled<T>>>> lookup;
        final Function<CivicPassException, CivicPassException> unknown;

        AsyncReconcile(Supplier<CompletionStage<Optional<Settled<T>>>> lookup,
                       Function<CivicPassException, CivicPassException> unknown) {
            this.lookup = lookup;
            this.unknown = unknown;
        }
    }

    /**
     * What a reconciling lookup found: the call took effect, with this result (null for
     * operations without one).
     */
    record Settled<T>(T value) {
    }

    private static final class AsyncCall<T> {
        final ApiCall<T> call;
        final AsyncReconcile<T> reconcile;
        final long deadline;
        final Telemetry.CallTrace trace;
        final CompletableFuture<T> result;
        /** The exchange of the attempt in flight, cancelled if the caller cancels the call. */
        volatile CompletableFuture<T> current;

        AsyncCall(ApiCall<T> call, AsyncReconcile<T> reconcile, Scope scope, Telemetry.CallTrace trace,
                  CompletableFuture<T> result) {
            this.call = call;
            this.reconcile = reconcile;
            this.deadline = scope.deadline;
            this.trace = trace;
            this.result = result;
        }

        void cancelCurrentExchange() {
            CompletableFuture<T> exchange = current;
            if (exchange != null) {
                exchange.cancel(true);
            }
        }
    }
}
