package io.civicpass;

import io.civicpass.event.CallFinished;
import io.civicpass.event.CallListener;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Settings for the calls made through one view of a client, without a second client:
 * {@code civic.withOptions(CallOptions.builder().timeout(Duration.ofSeconds(5)).build()).find(key)}.
 * The view shares the client's connection, token cache and retry budget. Immutable.
 *
 * @since 0.1.0
 */
public final class CallOptions {

    /** No overrides: the client's configuration applies. */
    public static final CallOptions DEFAULTS = builder().build();

    private final Duration timeout;
    private final CallCancellation cancellation;
    private final Consumer<String> requestIds;

    private CallOptions(Builder builder) {
        this.timeout = builder.timeout;
        this.cancellation = builder.cancellation;
        this.requestIds = builder.requestIds;
    }

    /**
     * A builder with no overrides.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The total time each call may take, in place of the retry policy's total timeout. Each
     * attempt still takes at most the configured request timeout.
     *
     * @return the timeout, if overridden
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * The handle that cancels a blocking call from another thread.
     *
     * @return the handle, if set
     */
    public Optional<CallCancellation> cancellation() {
        return Optional.ofNullable(cancellation);
    }

    /** The per-call listener that hands Civic's request ids to the caller, or none. */
    CallListener requestIdListener() {
        if (requestIds == null) {
            return CallListener.NONE;
        }
        Consumer<String> sink = requestIds;
        return new CallListener() {
            @Override
            public void callFinished(CallFinished call) {
                call.requestId().ifPresent(sink);
            }
        };
    }

    @Override
    public String toString() {
        return "CallOptions[timeout=" + timeout + ", cancellation=" + (cancellation != null)
                + ", requestIds=" + (requestIds != null) + "]";
    }

    /** Builds options. Not thread-safe. */
    public static final class Builder {

        private Duration timeout;
        private CallCancellation cancellation;
        private Consumer<String> requestIds;

        private Builder() {
        }

        /**
         * Sets the total time each call may take, retries, token fetch and lookups included.
         *
         * @param value positive, at most one day
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = Inputs.timeout(value, "timeout", Inputs.MAX_AWAIT);
            return this;
        }

        /**
         * Sets a handle that cancels blocking calls made with these options: a call cancelled
         * throws {@link java.util.concurrent.CancellationException}, abandoning the exchange in
         * flight. (The non-blocking face's stages are cancelled with {@code cancel(true)}.) An
         * {@code issue} cancelled after its request was sent may still take effect: look the pass
         * up to know.
         *
         * @param value the handle
         * @return this builder
         */
        public Builder cancellation(CallCancellation value) {
            this.cancellation = Objects.requireNonNull(value, "cancellation == null");
            return this;
        }

        /**
         * Hands the request id of each call's last response (Civic's {@code x-request-id} or
         * similar header), success or failure, to {@code sink}: quote it to Civic's support.
         * Called on the thread that finishes the call, only when Civic gave one.
         *
         * @param sink what receives the id
         * @return this builder
         */
        public Builder onRequestId(Consumer<String> sink) {
            this.requestIds = Objects.requireNonNull(sink, "sink == null");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public CallOptions build() {
            return new CallOptions(this);
        }
    }
}
