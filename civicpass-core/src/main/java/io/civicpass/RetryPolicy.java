package io.civicpass;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client retries a failed call. Immutable; build one with {@link #builder()}.
 *
 * <p>What is retried: a connection that could not be made; HTTP 429 (honouring
 * {@code Retry-After} up to {@link #maxRetryAfter()}); HTTP 502, 503 and 504 and timeouts or
 * broken connections for operations that are safe to repeat (retrieve, list, update, evidence
 * and PII decisions). {@code issue} is sent again only after an attempt that certainly did not
 * reach Civic (no connection, a deadline passed before sending, HTTP 429, a refused token);
 * after any other failure the client looks the pass up for at most {@link #reconcileWindow()}
 * and returns it when it appears, or throws {@link io.civicpass.error.OutcomeUnknownException}.
 * A PII read is never sent again after an attempt that may have been served, since Civic may
 * keep PII only until it is first read. Revoke looks the pass up before trying again.
 *
 * <p>Waits grow exponentially from {@link #initialBackoff()} to {@link #maxBackoff()} with
 * jitter that keeps half the wait as a floor. A call gives up after {@link #maxAttempts()}
 * attempts or when the next wait would end past {@link #totalTimeout()}. A retry budget shared
 * by all calls of one client ({@link #budgetCapacity()} retries, refilled by
 * {@link #budgetRefillPerCall()} per call) keeps a failing Civic from being hammered by every
 * thread at once.
 */
public final class RetryPolicy {

    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final Duration totalTimeout;
    private final int budgetCapacity;
    private final double budgetRefillPerCall;
    private final Duration reconcileWindow;

    private RetryPolicy(Builder builder) {
        this.reconcileWindow = builder.reconcileWindow;
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.maxRetryAfter = builder.maxRetryAfter;
        this.totalTimeout = builder.totalTimeout;
        this.budgetCapacity = builder.budgetCapacity;
        this.budgetRefillPerCall = builder.budgetRefillPerCall;
    }

    /**
     * The default policy: 3 attempts, backoff from 0.5 s capped at 5 s, {@code Retry-After}
     * honoured up to 20 s, 60 s per call in all, a budget of 20 retries refilled by 0.2 per call,
     * and 30 s to find a pass whose issue had an unknown outcome.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * No retries: every call makes one attempt (a 401 still refreshes the token once).
     *
     * @return a policy of one attempt
     */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this policy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.maxAttempts = maxAttempts;
        builder.initialBackoff = initialBackoff;
        builder.maxBackoff = maxBackoff;
        builder.maxRetryAfter = maxRetryAfter;
        builder.totalTimeout = totalTimeout;
        builder.budgetCapacity = budgetCapacity;
        builder.budgetRefillPerCall = budgetRefillPerCall;
        builder.reconcileWindow = reconcileWindow;
        return builder;
    }

    /**
     * The most attempts per call, the first included.
     *
     * @return 1 or more
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The wait before the first retry, before jitter.
     *
     * @return the initial backoff
     */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /**
     * The longest wait between attempts, before jitter.
     *
     * @return the backoff cap
     */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * The longest {@code Retry-After} the client waits; beyond it the call fails with
     * {@link io.civicpass.error.RateLimitedException} carrying the server's wait.
     *
     * @return the cap
     */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /**
     * The most one call may take over all its attempts and waits; a retry that would start
     * after it is not made.
     *
     * @return the bound
     */
    public Duration totalTimeout() {
        return totalTimeout;
    }

    /**
     * The most retries the shared budget holds.
     *
     * @return the capacity, 0 or more
     */
    public int budgetCapacity() {
        return budgetCapacity;
    }

    /**
     * How much each call adds to the shared budget.
     *
     * @return the refill, 0 or more
     */
    public double budgetRefillPerCall() {
        return budgetRefillPerCall;
    }

    /**
     * How long an {@code issue} whose outcome is unknown keeps looking for its pass, within the
     * call's {@link #totalTimeout()}.
     *
     * @return the window
     */
    public Duration reconcileWindow() {
        return reconcileWindow;
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", maxRetryAfter=" + maxRetryAfter + ", totalTimeout=" + totalTimeout
                + ", budgetCapacity=" + budgetCapacity + ", budgetRefillPerCall=" + budgetRefillPerCall
                + ", reconcileWindow=" + reconcileWindow + "]";
    }

    /** Builds a {@link RetryPolicy}. */
    public static final class Builder {

        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration maxRetryAfter = Duration.ofSeconds(20);
        private Duration totalTimeout = Duration.ofSeconds(60);
        private int budgetCapacity = 20;
        private double budgetRefillPerCall = 0.2;
        private Duration reconcileWindow = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * Sets how long an {@code issue} whose outcome is unknown looks for its pass.
         *
         * @param value zero (one lookup) or more
         * @return this builder
         */
        public Builder reconcileWindow(Duration value) {
            this.reconcileWindow = nonNegative("reconcileWindow", value);
            return this;
        }

        /**
         * Sets the most attempts per call.
         *
         * @param value 1 or more (1 means no retry)
         * @return this builder
         */
        public Builder maxAttempts(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + value);
            }
            this.maxAttempts = value;
            return this;
        }

        /**
         * Sets the first wait.
         *
         * @param value zero or more
         * @return this builder
         */
        public Builder initialBackoff(Duration value) {
            this.initialBackoff = nonNegative("initialBackoff", value);
            return this;
        }

        /**
         * Sets the longest wait.
         *
         * @param value zero or more
         * @return this builder
         */
        public Builder maxBackoff(Duration value) {
            this.maxBackoff = nonNegative("maxBackoff", value);
            return this;
        }

        /**
         * Sets the longest {@code Retry-After} honoured.
         *
         * @param value zero or more
         * @return this builder
         */
        public Builder maxRetryAfter(Duration value) {
            this.maxRetryAfter = nonNegative("maxRetryAfter", value);
            return this;
        }

        /**
         * Sets the bound on one call's attempts and waits.
         *
         * @param value more than zero
         * @return this builder
         */
        public Builder totalTimeout(Duration value) {
            nonNegative("totalTimeout", value);
            if (value.isZero()) {
                throw new IllegalArgumentException("totalTimeout must be positive, was " + value);
            }
            this.totalTimeout = value;
            return this;
        }

        /**
         * Sets the shared retry budget.
         *
         * @param capacity      the most retries held, 0 or more
         * @param refillPerCall how much each call adds, 0 or more
         * @return this builder
         */
        public Builder budget(int capacity, double refillPerCall) {
            if (capacity < 0) {
                throw new IllegalArgumentException("budgetCapacity must not be negative, was " + capacity);
            }
            if (!(refillPerCall >= 0) || Double.isInfinite(refillPerCall)) {
                throw new IllegalArgumentException("budgetRefillPerCall must be a non-negative number, was " + refillPerCall);
            }
            this.budgetCapacity = capacity;
            this.budgetRefillPerCall = refillPerCall;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalArgumentException when the initial backoff exceeds the maximum
         */
        public RetryPolicy build() {
            if (initialBackoff.compareTo(maxBackoff) > 0) {
                throw new IllegalArgumentException("initialBackoff " + initialBackoff + " exceeds maxBackoff " + maxBackoff);
            }
            return new RetryPolicy(this);
        }

        private static Duration nonNegative(String field, Duration value) {
            Objects.requireNonNull(value, field + " == null");
            if (value.isNegative() || value.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException(field + " must be zero to one day, was " + value);
            }
            return value;
        }
    }
}
