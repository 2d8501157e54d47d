package io.civicpass;

import io.civicpass.error.AuthenticationException;
import io.civicpass.error.CivicApiException;
import io.civicpass.error.CivicPassException;
import io.civicpass.error.CivicTransportException;
import io.civicpass.error.InvalidRequestException;
import io.civicpass.error.InvalidResponseException;
import io.civicpass.error.OutcomeUnknownException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.error.RateLimitedException;
import io.civicpass.error.ServerException;
import io.civicpass.event.CallListener;
import io.civicpass.event.NextStep;
import io.civicpass.event.RetryReason;
import io.civicpass.model.AccessToken;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.port.ApiCall;
import io.civicpass.port.ExchangeObserver;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The call engine: every rule of a client call, decided once for both faces. {@link Call} is
 * its step function: after each attempt it names the {@link NextStep} (end, retry after a
 * backoff, reconcile, or end because the budget refused a retry), tells the call's listener,
 * and leaves the doing to a driver. Where each rule is decided:
 *
 * <ul>
 *   <li>attempt and deadline: {@link Call#begin} (each exchange gets the smaller of the request
 *       timeout and what is left; none starts after the deadline);</li>
 *   <li>refresh after a 401: {@link Call#attempted}, once per call;</li>
 *   <li>retry, its reason and backoff, the deadline's bound on waits, and the budget:
 *       {@link #retryDelay};</li>
 *   <li>reconcile: {@link Call#attempted} chooses it from the operation's
 *       {@link Operation.Reconcile}, {@link Call#childEnded} reads each lookup;</li>
 *   <li>end, with the listeners told before the caller hears: {@link Call#finish}.</li>
 * </ul>
 */
final class CallEngine {

    /** Extra time a driver's safety net allows beyond an exchange's own deadline. */
    static final Duration SAFETY_NET_GRACE = Duration.ofMillis(200);
    /** The first wait between lookups for a pass whose change had an unknown outcome. */
    private static final Duration FIRST_RECONCILE_POLL = Duration.ofMillis(100);
    /** The longest wait between such lookups. */
    private static final Duration MAX_RECONCILE_POLL = Duration.ofSeconds(2);

    private final RetryPolicy policy;
    private final TokenCache tokens;
    private final RetryBudget budget;
    private final Duration requestTimeout;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;
    private final String tokenPath;
    private final Telemetry telemetry;
    private final Consumer<PassChange> passChanged;

    CallEngine(RetryPolicy policy, TokenCache tokens, Duration requestTimeout, LongSupplier nanoTime,
               DoubleSupplier random, String tokenPath, Telemetry telemetry, Consumer<PassChange> passChanged) {
        this.policy = Objects.requireNonNull(policy, "policy == null");
        this.tokens = Objects.requireNonNull(tokens, "tokens == null");
        this.budget = new RetryBudget(policy.budgetCapacity(), policy.budgetRefillPerCall());
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout == null");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime == null");
        this.random = Objects.requireNonNull(random, "random == null");
        this.tokenPath = Objects.requireNonNull(tokenPath, "tokenPath == null");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry == null");
        this.passChanged = Objects.requireNonNull(passChanged, "passChanged == null");
    }

    /** A call of {@code plan} starting now: its deadline from the options' timeout or the policy's. */
    <R> Machine<R> call(CallPlan<R> plan, CallOptions options) {
        return call(plan, options, deadline(options));
    }

    /** A call that must end by {@code deadline} (a poll of a longer wait, say). */
    <R> Machine<R> call(CallPlan<R> plan, CallOptions options, long deadline) {
        return new Call<>(plan, options, deadline, false);
    }

    /** A wait until {@code key}'s pass is confirmed on chain, at most {@code timeout}. */
    Machine<Pass> confirmation(PassKey key, Duration timeout, CallOptions options) {
        return new Confirmation(this, key, timeout, options);
    }

    /** The deadline of a call starting now. */
    long deadline(CallOptions options) {
        return nanoTime.getAsLong() + options.timeout().orElse(policy.totalTimeout()).toNanos();
    }

    long now() {
        return nanoTime.getAsLong();
    }

    Telemetry telemetry() {
        return telemetry;
    }

    // ------------------------------------------------------------------------ the step function

    /**
     * One call in progress: the description it runs, its deadline, and where it stands. A lookup
     * ({@code once}) makes one attempt with no refresh and no retry, within its parent's
     * deadline, and is not counted by the budget.
     */
    final class Call<R> extends Machine<R> {

        private final CallPlan<R> plan;
        private final CallOptions options;
        private final long deadline;
        private final boolean once;
        private Telemetry.CallTrace trace;
        private Phase phase = Phase.ATTEMPTING;
        private int attempts;
        private boolean tokenRefreshed;
        /** The token of the attempt in flight; null until it arrived (so nothing was sent). */
        private AccessToken token;
        private Duration timeout;
        /** The failure the call ends with unless a later step settles it. */
        private CivicPassException pending;
        private Duration retryWait;
        private long pollUntil;
        private Duration pollInterval;

        Call(CallPlan<R> plan, CallOptions options, long deadline, boolean once) {
            super(options.cancellation().orElse(null));
            this.plan = plan;
            this.options = options;
            this.deadline = deadline;
            this.once = once;
        }

        @Override
        void start() {
            trace = telemetry.start(plan.call.name(), once ? CallListener.NONE : options.requestIdListener());
            if (!once) {
                budget.recordCall();
            }
            attempts = 1;
            attemptNext();
        }

        @Override
        Duration tokenWait() {
            return Duration.ofNanos(Math.max(0, deadline - nanoTime.getAsLong()));
        }

        @Override
        boolean retrying() {
            return attempts > 1;
        }

        @Override
        boolean begin(AccessToken attemptToken) {
            token = attemptToken;
            long left = deadline - nanoTime.getAsLong();
            if (left <= 0) {
                attempted(null, callTimeout(plan.call)); // no request starts after the deadline
                return false;
            }
            timeout = left < requestTimeout.toNanos() ? Duration.ofNanos(left) : requestTimeout;
            trace.attemptStarted(plan.call);
            return true;
        }

        @Override
        ApiCall<?> call() {
            return plan.call;
        }

        @Override
        Duration timeout() {
            return timeout;
        }

        @Override
        ExchangeObserver observer() {
            return trace;
        }

        @Override
        RuntimeException timedOut(boolean tokenRequest) {
            return tokenRequest ? tokenTimeout() : callTimeout(plan.call);
        }

        @Override
        void attempted(Object result, Throwable error) {
            ApiCall<?> call = plan.call;
            if (error == null) {
                trace.attemptFinished(call, null, NextStep.END, null, null);
                finish(plan.result(result), null);
                return;
            }
            if (once || !(error instanceof CivicPassException)) {
                trace.attemptFinished(call, error, NextStep.END, null, null);
                finish(null, error);
                return;
            }
            CivicPassException failure = (CivicPassException) error;
            boolean sent = token != null; // else the token request failed and nothing was sent
            if (sent && !tokenRefreshed && isUnauthorized(failure)) {
                trace.attemptFinished(call, failure, NextStep.RETRY, RetryReason.TOKEN_REFUSED, Duration.ZERO);
                tokens.invalidate(token);
                tokenRefreshed = true;
                token = null;
                attemptNext(); // a refused token is not the call's failure: the same attempt again
                return;
            }
            Operation.Reconcile reconcile = plan.operation.reconcile();
            if (sent && call.repeat() == ApiCall.Repeat.AT_MOST_ONCE && mayHaveActed(failure)) {
                if (reconcile != Operation.Reconcile.LOOK_UP_INSTEAD) {
                    trace.attemptFinished(call, failure, NextStep.END, null, null);
                    finish(null, failure); // never sent again, and nothing to look up
                    return;
                }
                trace.attemptFinished(call, failure, NextStep.RECONCILE, null, null);
                pollFor(Phase.POLLING, failure);
                return;
            }
            boolean reconcilable = sent && reconcile != Operation.Reconcile.NONE;
            Retry retry = retryDelay(sent ? call.repeat() : ApiCall.Repeat.SAFE, failure, attempts, deadline,
                    reconcilable);
            if (retry.delay == null) {
                trace.attemptFinished(call, failure, retry.budgetRefused ? NextStep.BUDGET_REFUSED : NextStep.END,
                        null, null);
                finish(null, failure);
                return;
            }
            trace.attemptFinished(call, failure, NextStep.RETRY, retryReason(failure), retry.delay);
            pending = failure;
            if (reconcilable && isAmbiguous(failure)) {
                retryWait = retry.delay; // look first: the change may have taken effect
                phase = Phase.CHECKING;
                spawn(lookup());
                return;
            }
            waitThen(retry.delay);
        }

        @Override
        void childEnded(Object result, Throwable error) {
            @SuppressWarnings("unchecked")
            Pass found = error == null ? ((Optional<Pass>) result).orElse(null) : null;
            if (plan.settles(found)) {
                finish(plan.settledResult(found), null);
                return;
            }
            if (error != null) {
                pending.addSuppressed(error);
            }
            switch (phase) {
                case CHECKING:
                    if (error != null) {
                        finish(null, pending);
                    } else {
                        waitThen(retryWait);
                    }
                    return;
                case POLLING:
                    pollAgainOr(plan.unknown(pending));
                    return;
                default: // REFUSED: only a 409 (a pending pass, not shown yet) is worth waiting for
                    if (error != null || !isConflict(pending)) {
                        finish(null, pending);
                    } else {
                        pollAgainOr(pending);
                    }
            }
        }

        @Override
        void waited() {
            if (phase == Phase.ATTEMPTING || phase == Phase.CHECKING) {
                phase = Phase.ATTEMPTING;
                attempts++;
                token = null;
                attemptNext();
            } else {
                spawn(lookup());
            }
        }

        @Override
        void waitInterrupted() {
            finish(null, phase == Phase.POLLING ? plan.unknown(pending) : pending);
        }

        @Override
        void abandoned(Throwable why) {
            trace.attemptFinished(plan.call, why, NextStep.END, null, null); // told only if one is open
            trace.finished(why);
        }

        /** Starts looking the pass up until it shows, within the reconcile window and the deadline. */
        private void pollFor(Phase polling, CivicPassException failure) {
            phase = polling;
            pending = failure;
            pollUntil = Math.min(deadline, nanoTime.getAsLong() + policy.reconcileWindow().toNanos());
            pollInterval = FIRST_RECONCILE_POLL;
            spawn(lookup());
        }

        private void pollAgainOr(CivicPassException giveUp) {
            long left = pollUntil - nanoTime.getAsLong();
            if (left <= 0) {
                finish(null, giveUp);
                return;
            }
            Duration wait = Duration.ofNanos(Math.min(left, pollInterval.toNanos()));
            pollInterval = nextReconcilePoll(pollInterval);
            waitThen(wait);
        }

        private Machine<Optional<Pass>> lookup() {
            return new Call<>(plan.reconcilingLookup(), options, deadline, true);
        }

        /**
         * Ends the call: a refusal that may mean the change exists is looked up first; the
         * listeners hear of the end, and of a change Civic accepted or may have applied, before
         * the driver hands the result to the caller.
         */
        private void finish(R result, Throwable failure) {
            trace.finished(failure);
            if (failure instanceof InvalidRequestException && phase == Phase.ATTEMPTING && !once
                    && plan.operation.refusalMayMeanDone()) {
                pollFor(Phase.REFUSED, (CivicPassException) failure);
                return;
            }
            if (failure instanceof PassNotFoundException && plan.absentIsEmpty()) {
                end(plan.empty());
                return;
            }
            PassChange change = failure == null || failure instanceof OutcomeUnknownException ? plan.change() : null;
            if (change != null) {
                passChanged.accept(change);
            }
            if (failure == null) {
                end(result);
            } else {
                fail(failure);
            }
        }
    }

    /** Where a call stands after its attempts. */
    private enum Phase {
        /** Attempting, or waiting to attempt again. */
        ATTEMPTING,
        /** One lookup before a repeat, after an ambiguous failure. */
        CHECKING,
        /** Looking up instead of sending again, after an attempt that may have acted. */
        POLLING,
        /** Looking up after a refusal that may mean the change exists already. */
        REFUSED
    }

    // ------------------------------------------------------------------------ rules

    /**
     * The wait before the next attempt, or none if the call must not be retried: the rules of
     * retry, its bound by the deadline, and the budget, in one place.
     */
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

    static Duration nextReconcilePoll(Duration interval) {
        Duration next = interval.multipliedBy(3).dividedBy(2);
        return next.compareTo(MAX_RECONCILE_POLL) > 0 ? MAX_RECONCILE_POLL : next;
    }

    /** A 401 from the API (not from the token endpoint: then no token was obtained). */
    private static boolean isUnauthorized(CivicPassException failure) {
        return failure instanceof AuthenticationException && ((AuthenticationException) failure).status() == 401;
    }

    private static boolean isConflict(CivicPassException refusal) {
        return refusal instanceof CivicApiException && ((CivicApiException) refusal).status() == 409;
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

    private static boolean isRetryableStatus(int status) {
        return status == 502 || status == 503 || status == 504;
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

    private static CivicTransportException callTimeout(ApiCall<?> call) {
        return new CivicTransportException(CivicTransportException.Kind.TIMEOUT, call.method().name(), call.path(), null);
    }

    private CivicTransportException tokenTimeout() {
        return new CivicTransportException(CivicTransportException.Kind.TIMEOUT, false,
                Operation.TOKEN.method().name(), tokenPath, null);
    }

    /** A retry decision: the wait before the next attempt, or none, and whether the budget refused it. */
    private record Retry(Duration delay, boolean budgetRefused) {
        static final Retry NONE = new Retry(null, false);
        static final Retry REFUSED = new Retry(null, true);
    }
}
