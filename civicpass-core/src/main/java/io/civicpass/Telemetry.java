package io.civicpass;

import io.civicpass.error.CivicApiException;
import io.civicpass.error.CivicTransportException;
import io.civicpass.event.AttemptFinished;
import io.civicpass.event.AttemptStarted;
import io.civicpass.event.CallFinished;
import io.civicpass.event.CallListener;
import io.civicpass.event.CallStarted;
import io.civicpass.event.CivicPassListener;
import io.civicpass.event.ConfirmationPolled;
import io.civicpass.event.NextStep;
import io.civicpass.event.Outcome;
import io.civicpass.event.RetryReason;
import io.civicpass.event.TokenFetched;
import io.civicpass.event.TokenTrigger;
import io.civicpass.port.ApiCall;
import io.civicpass.port.ExchangeObserver;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Tells a client's listeners (the user's and the built-in {@link LogListener}) what the client
 * does, containing their failures: a listener that throws is logged and otherwise ignored.
 */
final class Telemetry {

    private static final System.Logger LOG = System.getLogger("io.civicpass");

    private final CivicPassListener listener;
    private final LongSupplier nanoTime;

    Telemetry(CivicPassListener user, LongSupplier nanoTime) {
        this(List.of(user), nanoTime);
    }

    /** Each listener's failures are contained apart, so one that throws never silences another. */
    Telemetry(List<CivicPassListener> users, LongSupplier nanoTime) {
        List<CivicPassListener> all = new java.util.ArrayList<>();
        all.add(new Contained(new LogListener()));
        for (CivicPassListener user : users) {
            if (user != CivicPassListener.NONE) {
                all.add(new Contained(user));
            }
        }
        this.listener = CivicPassListener.composite(all);
        this.nanoTime = nanoTime;
    }

    /** Starts the observation of one call; {@code extra} is the call's own listener (from its options). */
    CallTrace start(String operation, CallListener extra) {
        CallListener calls;
        try {
            calls = listener.callStarted(new CallStarted(operation));
        } catch (RuntimeException failed) {
            listenerFailed(failed);
            calls = CallListener.NONE;
        }
        if (calls == null) {
            calls = CallListener.NONE;
        }
        if (extra != CallListener.NONE) {
            calls = CallListener.composite(List.of(calls, new ContainedCall(extra)));
        }
        return new CallTrace(operation, calls, nanoTime);
    }

    void tokenFetched(TokenTrigger trigger, Throwable failure, long startNanos) {
        try {
            listener.tokenFetched(new TokenFetched(trigger, failure == null ? Outcome.SUCCESS : Outcome.FAILURE,
                    errorType(failure), Duration.ofNanos(nanoTime.getAsLong() - startNanos)));
        } catch (RuntimeException failed) {
            listenerFailed(failed);
        }
    }

    void confirmationPolled(int poll, ConfirmationPolled.Result result, long startNanos) {
        try {
            listener.confirmationPolled(new ConfirmationPolled(poll, result,
                    Duration.ofNanos(nanoTime.getAsLong() - startNanos)));
        } catch (RuntimeException failed) {
            listenerFailed(failed);
        }
    }

    long now() {
        return nanoTime.getAsLong();
    }

    static Optional<String> errorType(Throwable failure) {
        return failure == null ? Optional.empty() : Optional.of(failure.getClass().getSimpleName());
    }

    /** A listener whose failures are logged and dropped, method by method. */
    private static final class Contained implements CivicPassListener {
        private final CivicPassListener listener;

        Contained(CivicPassListener listener) {
            this.listener = listener;
        }

        @Override
        public CallListener callStarted(CallStarted call) {
            try {
                CallListener calls = listener.callStarted(call);
                return calls == null || calls == CallListener.NONE ? CallListener.NONE : new ContainedCall(calls);
            } catch (RuntimeException failed) {
                listenerFailed(failed);
                return CallListener.NONE;
            }
        }

        @Override
        public void tokenFetched(TokenFetched fetch) {
            try {
                listener.tokenFetched(fetch);
            } catch (RuntimeException failed) {
                listenerFailed(failed);
            }
        }

        @Override
        public void confirmationPolled(ConfirmationPolled poll) {
            try {
                listener.confirmationPolled(poll);
            } catch (RuntimeException failed) {
                listenerFailed(failed);
            }
        }
    }

    /** A call listener whose failures are logged and dropped, method by method. */
    private static final class ContainedCall implements CallListener {
        private final CallListener listener;

        ContainedCall(CallListener listener) {
            this.listener = listener;
        }

        @Override
        public void attemptStarted(AttemptStarted attempt) {
            try {
                listener.attemptStarted(attempt);
            } catch (RuntimeException failed) {
                listenerFailed(failed);
            }
        }

        @Override
        public void attemptFinished(AttemptFinished attempt) {
            try {
                listener.attemptFinished(attempt);
            } catch (RuntimeException failed) {
                listenerFailed(failed);
            }
        }

        @Override
        public void callFinished(CallFinished call) {
            try {
                listener.callFinished(call);
            } catch (RuntimeException failed) {
                listenerFailed(failed);
            }
        }
    }

    /** Logs a listener's failure by its type only: its message is the listener's, not ours to trust. */
    static void listenerFailed(RuntimeException failed) {
        LOG.log(System.Logger.Level.WARNING, "a Civic Pass client listener threw {0}; the call goes on",
                failed.getClass().getName());
    }

    /**
     * One call's observation: numbers its attempts, notes each response's status and request id,
     * and tells the call's listener once when the call ends. A call's attempts run one after
     * the other, so its state needs no locking; the volatile fields carry it across the threads
     * a non-blocking call hops between.
     */
    static final class CallTrace implements ExchangeObserver {

        /** Sets {@link #finished} once; a field, not an AtomicBoolean, so a call allocates one object fewer. */
        private static final VarHandle FINISHED;

        static {
            try {
                FINISHED = MethodHandles.lookup().findVarHandle(CallTrace.class, "finished", boolean.class);
            } catch (ReflectiveOperationException impossible) {
                throw new ExceptionInInitializerError(impossible);
            }
        }


        private final String operation;
        private final CallListener listener;
        private final LongSupplier nanoTime;
        private final long started;
        private volatile boolean finished;
        private volatile int attempts;
        private volatile boolean attemptOpen;
        private volatile long attemptStarted;
        private volatile int status;
        private volatile String requestId;
        private volatile String lastRequestId;

        CallTrace(String operation, CallListener listener, LongSupplier nanoTime) {
            this.operation = operation;
            this.listener = listener;
            this.nanoTime = nanoTime;
            this.started = nanoTime.getAsLong();
        }

        /** A request of {@code call} is about to be handed to the transport. */
        void attemptStarted(ApiCall<?> call) {
            int attempt = ++attempts;
            status = 0;
            requestId = null;
            attemptStarted = nanoTime.getAsLong();
            attemptOpen = true;
            try {
                listener.attemptStarted(new AttemptStarted(operation, attempt, call.method().name(), call.pathTemplate()));
            } catch (RuntimeException failed) {
                listenerFailed(failed);
            }
        }

        /** The gateway saw a response: its status and request id, before the body is read. */
        @Override
        public void responded(int responseStatus, String responseRequestId) {
            status = responseStatus;
            requestId = responseRequestId;
            if (responseRequestId != null) {
                lastRequestId = responseRequestId;
            }
        }

        /** The current attempt ended; {@code failure} null for success. */
        void attemptFinished(ApiCall<?> call, Throwable failure, NextStep next, RetryReason reason, Duration backoff) {
            if (!attemptOpen) {
                return; // no attempt is open: the call failed before sending (no token, no time left)
            }
            attemptOpen = false;
            int seen = status;
            String id = requestId;
            if (failure instanceof CivicApiException) {
                CivicApiException api = (CivicApiException) failure;
                seen = api.status();
                id = api.requestId().orElse(id);
            }
            boolean mayHaveBeenSent = !(failure instanceof CivicTransportException)
                    || ((CivicTransportException) failure).requestMayHaveBeenSent();
            try {
                listener.attemptFinished(new AttemptFinished(operation, attempts, call.method().name(),
                        call.pathTemplate(), seen, Duration.ofNanos(nanoTime.getAsLong() - attemptStarted),
                        failure == null ? Outcome.SUCCESS : Outcome.FAILURE, errorType(failure), mayHaveBeenSent,
                        Optional.ofNullable(id), next, Optional.ofNullable(reason), Optional.ofNullable(backoff)));
            } catch (RuntimeException failed) {
                listenerFailed(failed);
            }
        }

        /** The call ended; told once, whatever calls this again. */
        void finished(Throwable failure) {
            if (!FINISHED.compareAndSet(this, false, true)) {
                return;
            }
            try {
                listener.callFinished(new CallFinished(operation, failure == null ? Outcome.SUCCESS : Outcome.FAILURE,
                        errorType(failure), Duration.ofNanos(nanoTime.getAsLong() - started), attempts,
                        Optional.ofNullable(lastRequestId)));
            } catch (RuntimeException failed) {
                listenerFailed(failed);
            }
        }
    }

    /**
     * The client's own log, through {@link System.Logger} {@code io.civicpass}: a debug line per
     * attempt and per token fetch, warnings when a call gives up after retrying or the retry
     * budget refuses a retry. Built from the events, so it holds nothing they do not: no wallet,
     * id, token, secret or personal data.
     */
    static final class LogListener implements CivicPassListener {

        @Override
        public CallListener callStarted(CallStarted call) {
            return new CallListener() {
                @Override
                public void attemptFinished(AttemptFinished attempt) {
                    if (attempt.next() == NextStep.BUDGET_REFUSED) {
                        LOG.log(System.Logger.Level.WARNING, () -> line(attempt)
                                + ": retry refused by the client's retry budget (too many retries lately)");
                    } else if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                        LOG.log(System.Logger.Level.DEBUG, line(attempt));
                    }
                }

                @Override
                public void callFinished(CallFinished finished) {
                    if (finished.outcome() == Outcome.FAILURE && finished.attempts() > 1) {
                        LOG.log(System.Logger.Level.WARNING, () -> "civicpass " + finished.operation() + " gave up after "
                                + finished.attempts() + " attempts in " + finished.duration().toMillis() + " ms: "
                                + finished.errorType().orElse("?")
                                + finished.requestId().map(id -> " (request id " + id + ")").orElse(""));
                    }
                }
            };
        }

        @Override
        public void tokenFetched(TokenFetched fetch) {
            System.Logger.Level level = fetch.outcome() == Outcome.SUCCESS ? System.Logger.Level.DEBUG
                    : System.Logger.Level.WARNING;
            LOG.log(level, () -> "civicpass token fetch (" + fetch.trigger().name().toLowerCase(java.util.Locale.ROOT)
                    + ") " + fetch.outcome().name().toLowerCase(java.util.Locale.ROOT) + " in "
                    + fetch.duration().toMillis() + " ms" + fetch.errorType().map(type -> ": " + type).orElse(""));
        }

        private static String line(AttemptFinished attempt) {
            StringBuilder line = new StringBuilder("civicpass ").append(attempt.operation()).append(" attempt ")
                    .append(attempt.attempt()).append(' ').append(attempt.method()).append(' ')
                    .append(attempt.pathTemplate()).append(" -> ")
                    .append(attempt.status() == 0 ? "no response" : String.valueOf(attempt.status()))
                    .append(" in ").append(attempt.duration().toMillis()).append(" ms");
            attempt.errorType().ifPresent(type -> line.append(" (").append(type)
                    .append(attempt.mayHaveBeenSent() ? ", may have been sent" : ", not sent").append(')'));
            attempt.requestId().ifPresent(id -> line.append(" request id ").append(id));
            switch (attempt.next()) {
                case RETRY:
                    line.append("; retrying");
                    attempt.retryReason().ifPresent(reason -> line.append(" (")
                            .append(reason.name().toLowerCase(java.util.Locale.ROOT)).append(')'));
                    attempt.backoff().ifPresent(wait -> line.append(" after ").append(wait.toMillis()).append(" ms"));
                    break;
                case RECONCILE:
                    line.append("; looking the result up instead of sending again");
                    break;
                default:
                    break;
            }
            return line.toString();
        }
    }
}
