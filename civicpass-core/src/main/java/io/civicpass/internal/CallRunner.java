package io.civicpass.internal;

import io.civicpass.RetryPolicy;
import io.civicpass.error.AuthenticationException;
import io.civicpass.error.CivicPassException;
import io.civicpass.error.CivicTransportException;
import io.civicpass.error.RateLimitedException;
import io.civicpass.error.ServerException;
import io.civicpass.model.AccessToken;
import io.civicpass.port.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs one client call: obtains the token, makes the attempt, refreshes the token once on a
 * 401, and retries per the {@link RetryPolicy}, blocking ({@link #call}) or not
 * ({@link #callAsync}). The one place where retry rules live.
 */
public final class CallRunner {

    /** Extra time the asynchronous safety net allows beyond the transport's own timeout. */
    private static final Duration SAFETY_NET_GRACE = Duration.ofSeconds(1);

    private final RetryPolicy policy;
    private final TokenCache tokens;
    private final RetryBudget budget;
    private final Duration requestTimeout;
    private final Sleeper sleeper;
    private final Scheduler scheduler;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;
    private final String tokenPath;

    /**
     * A runner.
     *
     * @param policy         the retry policy
     * @param tokens         the token cache
     * @param requestTimeout the transport's per-exchange timeout
     * @param sleeper        how blocking calls wait
     * @param scheduler      how asynchronous calls wait
     * @param nanoTime       the monotonic clock (for the total-time bound)
     * @param random         a source of numbers in [0, 1) for jitter
     * @param tokenPath      the token endpoint's path, for a timeout's message
     */
    public CallRunner(RetryPolicy policy, TokenCache tokens, Duration requestTimeout, Sleeper sleeper,
                      Scheduler scheduler, LongSupplier nanoTime, DoubleSupplier random, String tokenPath) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.budget = new RetryBudget(policy.budgetCapacity(), policy.budgetRefillPerCall());
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.random = Objects.requireNonNull(random, "random");
        this.tokenPath = Objects.requireNonNull(tokenPath, "tokenPath");
    }

    /**
     * Runs a blocking call.
     *
     * @param operation the operation (decides what may be retried)
     * @param attempt   one attempt with a token
     * @param reconcile for non-idempotent operations, looks up whether an ambiguous attempt took
     *                  effect: a present result ends the call with it; null when not applicable
     * @param <T>       the result type
     * @return the result
     */
    public <T> T call(Operation operation, Function<AccessToken, T> attempt, Supplier<Optional<T>> reconcile) {
        long deadline = nanoTime.getAsLong() + policy.totalTimeout().toNanos();
        budget.recordCall();
        boolean tokenRefreshed = false;
        int attempts = 0;
        while (true) {
            attempts++;
            AccessToken token = null;
            try {
                token = tokens.fetch();
                return attempt.apply(token);
            } catch (CivicPassException failure) {
                if (token != null && !tokenRefreshed && isUnauthorized(failure)) {
                    tokens.invalidate(token);
                    tokenRefreshed = true;
                    attempts--; // a refused token is not the call's failure
                    continue;
                }
                boolean sent = token != null; // else the token request failed and the call was never sent
                Duration delay = retryDelay(sent ? operation : Operation.TOKEN, failure, attempts, deadline,
                        sent && reconcile != null);
                if (delay == null) {
                    throw failure;
                }
                if (sent && reconcile != null && isAmbiguous(failure)) {
                    Optional<T> settled = reconcileOrThrow(reconcile, failure);
                    if (settled.isPresent()) {
                        return settled.get();
                    }
                }
                sleep(delay, failure);
            }
        }
    }

    /**
     * Runs a non-blocking call; waits go through the scheduler and every attempt is bounded.
     *
     * @param operation the operation
     * @param path      the request path, for a timeout's message
     * @param attempt   one attempt with a token
     * @param reconcile as for {@link #call}, asynchronous; null when not applicable
     * @param <T>       the result type
     * @return the result
     */
    public <T> CompletionStage<T> callAsync(Operation operation, String path,
                                            Function<AccessToken, CompletionStage<T>> attempt,
                                            Supplier<CompletionStage<Optional<T>>> reconcile) {
        long deadline = nanoTime.getAsLong() + policy.totalTimeout().toNanos();
        budget.recordCall();
        CompletableFuture<T> result = new CompletableFuture<>();
        AsyncCall<T> call = new AsyncCall<>(operation, path, attempt, reconcile, deadline, result);
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                call.cancelCurrentExchange(); // the caller gave up: stop the exchange in flight
            }
        });
        attemptAsync(call, 1, false);
        return result;
    }

    private <T> void attemptAsync(AsyncCall<T> call, int attempts, boolean tokenRefreshed) {
        if (call.result.isDone()) {
            return; // cancelled by the caller meanwhile: no further attempt
        }
        AccessToken[] used = new AccessToken[1];
        CompletionStage<T> stage;
        try {
            stage = within(tokens.fetchAsync(), Operation.TOKEN, tokenPath)
                    .thenCompose(token -> {
                        used[0] = token;
                        CompletionStage<T> exchange = call.attempt.apply(token);
                        call.current = exchange;
                        if (call.result.isCancelled()) {
                            call.cancelCurrentExchange();
                        }
                        return within(exchange, call.operation, call.path);
                    });
        } catch (RuntimeException thrown) {
            stage = CompletableFuture.failedFuture(thrown);
        }
        stage.whenComplete((value, error) -> {
            if (error == null) {
                call.result.complete(value);
                return;
            }
            Throwable failure = CivicErrors.unwrap(error);
            if (!(failure instanceof CivicPassException)) {
                call.result.completeExceptionally(failure);
                return;
            }
            CivicPassException civicFailure = (CivicPassException) failure;
            if (used[0] != null && !tokenRefreshed && isUnauthorized(civicFailure)) {
                tokens.invalidate(used[0]);
                attemptAsync(call, attempts, true);
                return;
            }
            boolean sent = used[0] != null;
            Duration delay = retryDelay(sent ? call.operation : Operation.TOKEN, civicFailure, attempts, call.deadline,
                    sent && call.reconcile != null);
            if (delay == null) {
                call.result.completeExceptionally(civicFailure);
                return;
            }
            Runnable retry = () -> scheduler.schedule(delay, () -> attemptAsync(call, attempts + 1, tokenRefreshed));
            if (sent && call.reconcile != null && isAmbiguous(civicFailure)) {
                reconcileAsync(call, civicFailure, retry);
            } else {
                retry.run();
            }
        });
    }

    private <T> void reconcileAsync(AsyncCall<T> call, CivicPassException original, Runnable retry) {
        CompletionStage<Optional<T>> lookup;
        try {
            lookup = call.reconcile.get();
        } catch (RuntimeException thrown) {
            lookup = CompletableFuture.failedFuture(thrown);
        }
        lookup.whenComplete((settled, error) -> {
            if (error != null) {
                original.addSuppressed(CivicErrors.unwrap(error));
                call.result.completeExceptionally(original);
            } else if (settled.isPresent()) {
                call.result.complete(settled.get());
            } else {
                retry.run();
            }
        });
    }

    /** Bounds a stage so a transport that never answers cannot hang the caller. */
    private <T> CompletionStage<T> within(CompletionStage<T> stage, Operation operation, String path) {
        CompletableFuture<T> bounded = new CompletableFuture<>();
        Scheduler.Cancellable timer = scheduler.schedule(requestTimeout.plus(SAFETY_NET_GRACE), () -> {
            if (bounded.completeExceptionally(new CivicTransportException(CivicTransportException.Kind.TIMEOUT,
                    operation.method(), path, null))) {
                cancel(stage); // let the transport release the exchange it could not finish
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

    private static void cancel(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException notCancellable) {
            // a stage that cannot be cancelled finishes on its own transport's timeout
        }
    }

    /** A 401 from the API (not from the token endpoint: then no token was obtained). */
    private static boolean isUnauthorized(CivicPassException failure) {
        return failure instanceof AuthenticationException && ((AuthenticationException) failure).status() == 401;
    }

    /**
     * Whether the failure leaves it unknown if Civic acted on the request.
     *
     * @param failure the failure
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
    private Duration retryDelay(Operation operation, CivicPassException failure, int attempts, long deadline,
                                boolean reconcilable) {
        Duration serverWait = null;
        if (failure instanceof RateLimitedException) {
            serverWait = ((RateLimitedException) failure).retryAfter().orElse(null);
            if (serverWait != null && serverWait.compareTo(policy.maxRetryAfter()) > 0) {
                return null; // the server asks for longer than we wait: let the caller decide
            }
        } else if (failure instanceof CivicTransportException) {
            if (isAmbiguous(failure) && !operation.idempotent() && !reconcilable) {
                return null;
            }
        } else if (failure instanceof ServerException && isRetryableStatus(((ServerException) failure).status())) {
            if (!operation.idempotent() && !reconcilable) {
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

    private <T> Optional<T> reconcileOrThrow(Supplier<Optional<T>> reconcile, CivicPassException original) {
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

    private static final class AsyncCall<T> {
        final Operation operation;
        final String path;
        final Function<AccessToken, CompletionStage<T>> attempt;
        final Supplier<CompletionStage<Optional<T>>> reconcile;
        final long deadline;
        final CompletableFuture<T> result;
        /** The exchange of the attempt in flight, cancelled if the caller cancels the call. */
        volatile CompletionStage<T> current;

        AsyncCall(Operation operation, String path, Function<AccessToken, CompletionStage<T>> attempt,
                  Supplier<CompletionStage<Optional<T>>> reconcile, long deadline, CompletableFuture<T> result) {
            this.operation = operation;
            this.path = path;
            this.attempt = attempt;
            this.reconcile = reconcile;
            this.deadline = deadline;
            this.result = result;
        }

        void cancelCurrentExchange() {
            CompletionStage<T> exchange = current;
            if (exchange != null) {
                cancel(exchange);
            }
        }
    }
}
