package io.civicpass;

import io.civicpass.error.AuthenticationException;
import io.civicpass.error.CivicPassException;
import io.civicpass.error.CivicTransportException;
import io.civicpass.error.RateLimitedException;
import io.civicpass.error.ServerException;
import io.civicpass.model.AccessToken;
import io.civicpass.port.ApiCall;
import io.civicpass.spi.Scheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs one client call: obtains the token, makes the attempt, refreshes the token once on a
 * 401, and retries per the {@link RetryPolicy}, blocking ({@link #call}) or not
 * ({@link #callAsync}). The one place where retry rules live. One deadline covers the whole
 * call: each exchange is given the smaller of the request timeout and what is left.
 */
final class CallRunner {

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

    CallRunner(RetryPolicy policy, TokenCache tokens, Exchanges gateway, Duration requestTimeout, Sleeper sleeper,
               Scheduler scheduler, LongSupplier nanoTime, DoubleSupplier random, String tokenPath) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.budget = new RetryBudget(policy.budgetCapacity(), policy.budgetRefillPerCall());
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.random = Objects.requireNonNull(random, "random");
        this.tokenPath = Objects.requireNonNull(tokenPath, "tokenPath");
    }

    /** The deadline of a call starting now, on the {@link System#nanoTime()} scale. */
    long deadline() {
        return nanoTime.getAsLong() + policy.totalTimeout().toNanos();
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
    <T> T call(ApiCall<T> call, Supplier<Optional<Settled<T>>> reconcile) {
        return call(call, reconcile, deadline());
    }

    <T> T call(ApiCall<T> call, Supplier<Optional<Settled<T>>> reconcile, long deadline) {
        budget.recordCall();
        boolean tokenRefreshed = false;
        int attempts = 0;
        while (true) {
            attempts++;
            AccessToken token = null;
            try {
                token = tokens.fetch(left(deadline));
                return gateway.execute(token, call, attemptTimeout(call, deadline));
            } catch (CivicPassException failure) {
                if (token != null && !tokenRefreshed && isUnauthorized(failure)) {
                    tokens.invalidate(token);
                    tokenRefreshed = true;
                    attempts--; // a refused token is not the call's failure
                    continue;
                }
                boolean sent = token != null; // else the token request failed and the call was never sent
                Duration delay = retryDelay(sent ? call.repeat() : ApiCall.Repeat.SAFE, failure, attempts, deadline,
                        sent && reconcile != null);
                if (delay == null) {
                    throw failure;
                }
                if (sent && reconcile != null && isAmbiguous(failure)) {
                    Optional<Settled<T>> settled = reconcileOrThrow(reconcile, failure);
                    if (settled.isPresent()) {
                        return settled.get().value();
                    }
                }
                sleep(delay, failure);
            }
        }
    }

    /** One exchange with no retries, within the call's deadline: used by reconciling lookups. */
    <T> T once(ApiCall<T> call, long deadline) {
        AccessToken token = tokens.fetch(left(deadline));
        return gateway.execute(token, call, attemptTimeout(call, deadline));
    }

    // ------------------------------------------------------------------------ non-blocking

    /**
     * Runs a non-blocking call; waits go through the scheduler and every attempt is bounded by
     * the call's deadline.
     */
    <T> CompletableFuture<T> callAsync(ApiCall<T> call, Supplier<CompletionStage<Optional<Settled<T>>>> reconcile) {
        return callAsync(call, reconcile, deadline());
    }

    <T> CompletableFuture<T> callAsync(ApiCall<T> call, Supplier<CompletionStage<Optional<Settled<T>>>> reconcile,
                                       long deadline) {
        budget.recordCall();
        CompletableFuture<T> result = new CompletableFuture<>();
        AsyncCall<T> state = new AsyncCall<>(call, reconcile, deadline, result);
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                state.cancelCurrentExchange(); // the caller gave up: stop the exchange in flight
            }
        });
        attemptAsync(state, 1, false);
        return result;
    }

    /** One exchange with no retries, within the call's deadline: used by reconciling lookups. */
    <T> CompletableFuture<T> onceAsync(ApiCall<T> call, long deadline) {
        return within(tokens.fetchAsync(left(deadline)), call, left(deadline), true).thenCompose(token -> {
            Duration timeout = attemptTimeout(call, deadline);
            return within(gateway.executeAsync(token, call, timeout), call, timeout, false);
        });
    }

    private <T> void attemptAsync(AsyncCall<T> state, int attempts, boolean tokenRefreshed) {
        if (state.result.isDone()) {
            return; // cancelled by the caller meanwhile: no further attempt
        }
        AccessToken[] used = new AccessToken[1];
        CompletionStage<T> stage;
        try {
            stage = within(tokens.fetchAsync(left(state.deadline)), state.call, left(state.deadline), true)
                    .thenCompose(token -> {
                        used[0] = token;
                        Duration timeout = attemptTimeout(state.call, state.deadline);
                        CompletableFuture<T> exchange = gateway.executeAsync(token, state.call, timeout);
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
            if (error == null) {
                state.result.complete(value);
                return;
            }
            Throwable failure = CivicErrors.unwrap(error);
            if (!(failure instanceof CivicPassException)) {
                state.result.completeExceptionally(failure);
                return;
            }
            CivicPassException civicFailure = (CivicPassException) failure;
            if (used[0] != null && !tokenRefreshed && isUnauthorized(civicFailure)) {
                tokens.invalidate(used[0]);
                attemptAsync(state, attempts, true);
                return;
            }
            boolean sent = used[0] != null;
            Duration delay = retryDelay(sent ? state.call.repeat() : ApiCall.Repeat.SAFE, civicFailure, attempts,
                    state.deadline, sent && state.reconcile != null);
            if (delay == null) {
                state.result.completeExceptionally(civicFailure);
                return;
            }
            Runnable retry = () -> scheduler.schedule(delay, () -> attemptAsync(state, attempts + 1, tokenRefreshed));
            if (sent && state.reconcile != null && isAmbiguous(civicFailure)) {
                reconcileAsync(state, civicFailure, retry);
            } else {
                retry.run();
            }
        });
    }

    private <T> void reconcileAsync(AsyncCall<T> state, CivicPassException original, Runnable retry) {
        CompletionStage<Optional<Settled<T>>> lookup;
        try {
            lookup = state.reconcile.get();
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
        Scheduler.Cancellable timer = scheduler.schedule(bound.plus(SAFETY_NET_GRACE), () -> {
            if (bounded.completeExceptionally(token ? tokenTimeout() : callTimeout(call))) {
                stage.cancel(true); // let the transport release the exchange it could not finish
            }
        });
        stage.whenComplete((value, error) -> {
            timer.cancel();
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

    private static boolean isRetryableStatus(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    /** The wait before the next attempt, or null if the call must not be retried. */
    private Duration retryDelay(ApiCall.Repeat repeat, CivicPassException failure, int attempts, long deadline,
                                boolean reconcilable) {
        boolean repeatable = repeat != ApiCall.Repeat.AT_MOST_ONCE;
        Duration serverWait = null;
        if (failure instanceof RateLimitedException) {
            serverWait = ((RateLimitedException) failure).retryAfter().orElse(null);
            if (serverWait != null && serverWait.compareTo(policy.maxRetryAfter()) > 0) {
                return null; // the server asks for longer than we wait: let the caller decide
            }
        } else if (failure instanceof CivicTransportException) {
            if (isAmbiguous(failure) && !repeatable && !reconcilable) {
                return null;
            }
        } else if (failure instanceof ServerException && isRetryableStatus(((ServerException) failure).status())) {
            if (!repeatable && !reconcilable) {
                return null;
            }
        } else {
            return null;
        }
        if (attempts >= policy.maxAttempts()) {
            return null;
        }
        Duration delay = backoff(attempts);
        if (serverWait != null && serverWait.compareTo(delay) > 0) {
            delay = serverWait;
        }
        if (nanoTime.getAsLong() + delay.toNanos() >= deadline) {
            return null;
        }
        return budget.tryRetry() ? delay : null;
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

    private void sleep(Duration delay, CivicPassException pending) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw pending;
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
        final Supplier<CompletionStage<Optional<Settled<T>>>> reconcile;
        final long deadline;
        final CompletableFuture<T> result;
        /** The exchange of the attempt in flight, cancelled if the caller cancels the call. */
        volatile CompletableFuture<T> current;

        AsyncCall(ApiCall<T> call, Supplier<CompletionStage<Optional<Settled<T>>>> reconcile, long deadline,
                  CompletableFuture<T> result) {
            this.call = call;
            this.reconcile = reconcile;
            this.deadline = deadline;
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
