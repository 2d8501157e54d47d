package io.civicpass.micrometer;

import io.civicpass.event.AttemptFinished;
import io.civicpass.event.AttemptStarted;
import io.civicpass.event.CallFinished;
import io.civicpass.event.CallListener;
import io.civicpass.event.CallStarted;
import io.civicpass.event.CivicPassListener;
import io.civicpass.event.NextStep;
import io.civicpass.event.Outcome;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns a client's events into observations: one per call, started when the call starts, and one
 * per HTTP attempt, a child of the call's. No scope is opened: the events of a non-blocking call
 * come on several threads, and a scope must close on the thread that opened it. So parents are
 * set explicitly, and a call's own parent is whatever observation is current on the thread that
 * starts it.
 */
final class ObservingListener implements CivicPassListener {

    private final ObservationRegistry registry;
    private final CivicPassCallObservationConvention callConvention;
    private final CivicPassHttpObservationConvention httpConvention;

    ObservingListener(ObservationRegistry registry, CivicPassCallObservationConvention callConvention,
                      CivicPassHttpObservationConvention httpConvention) {
        this.registry = registry;
        this.callConvention = callConvention;
        this.httpConvention = httpConvention;
    }

    @Override
    public CallListener callStarted(CallStarted call) {
        CallObservation observed;
        try {
            if (registry.isNoop()) {
                return CallListener.NONE;
            }
            CivicPassCallContext context = new CivicPassCallContext(call);
            Observation observation = CivicPassObservationDocumentation.CALL.observation(callConvention,
                    DefaultCivicPassCallObservationConvention.INSTANCE, () -> context, registry);
            if (observation.isNoop()) {
                return CallListener.NONE;
            }
            observed = new CallObservation(observation, context);
        } catch (RuntimeException failed) {
            Contained.failure(failed);
            return CallListener.NONE;
        }
        observed.start();
        return observed;
    }

    /** One call's observation and the observation of its attempt in flight. */
    private final class CallObservation implements CallListener {

        private final Observation observation;
        private final CivicPassCallContext context;
        private final AtomicReference<AttemptObservation> attempt = new AtomicReference<>();
        private final AtomicBoolean stopped = new AtomicBoolean();

        CallObservation(Observation observation, CivicPassCallContext context) {
            this.observation = observation;
            this.context = context;
        }

        void start() {
            try {
                observation.start();
            } catch (RuntimeException failed) {
                Contained.failure(failed);
            }
        }

        @Override
        public void attemptStarted(AttemptStarted started) {
            try {
                AttemptObservation previous = attempt.getAndSet(null);
                if (previous != null) {
                    previous.stop(unfinished(previous, Optional.empty()));
                }
                CivicPassHttpContext httpContext = new CivicPassHttpContext(started);
                Observation http = CivicPassObservationDocumentation.HTTP_REQUEST.observation(httpConvention,
                        DefaultCivicPassHttpObservationConvention.INSTANCE, () -> httpContext, registry);
                http.parentObservation(observation);
                AttemptObservation current = new AttemptObservation(http, httpContext, System.nanoTime());
                attempt.set(current);
                http.start();
            } catch (RuntimeException failed) {
                Contained.failure(failed);
            }
        }

        @Override
        public void attemptFinished(AttemptFinished finished) {
            AttemptObservation current = attempt.getAndSet(null);
            if (current != null) {
                current.stop(finished);
            }
        }

        @Override
        public void callFinished(CallFinished finished) {
            AttemptObservation open = attempt.getAndSet(null);
            if (open != null) {
                // the call ended without telling this attempt's end (the transport threw an Error, say)
                open.stop(unfinished(open, finished.errorType()));
            }
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            try {
                context.finished(finished);
                if (finished.outcome() == Outcome.FAILURE) {
                    observation.error(new CivicPassFailure(finished.errorType().orElse("unknown")));
                }
            } catch (RuntimeException failed) {
                Contained.failure(failed);
            }
            try {
                observation.stop();
            } catch (RuntimeException failed) {
                Contained.failure(failed);
            }
        }

        /** The end of an attempt the client did not tell, so that its observation still gets its keys. */
        private AttemptFinished unfinished(AttemptObservation open, Optional<String> errorType) {
            AttemptStarted started = open.context.started();
            return new AttemptFinished(started.operation(), started.attempt(), started.method(),
                    started.pathTemplate(), 0, Duration.ofNanos(System.nanoTime() - open.startNanos), Outcome.FAILURE,
                    Optional.of(errorType.orElse("unknown")), true, Optional.empty(), NextStep.END, Optional.empty(),
                    Optional.empty());
        }
    }

    /** One attempt's observation. */
    private static final class AttemptObservation {

        final Observation observation;
        final CivicPassHttpContext context;
        final long startNanos;

        AttemptObservation(Observation observation, CivicPassHttpContext context, long startNanos) {
            this.observation = observation;
            this.context = context;
            this.startNanos = startNanos;
        }

        void stop(AttemptFinished finished) {
            try {
                context.finished(finished);
                if (finished.outcome() == Outcome.FAILURE) {
                    observation.error(new CivicPassFailure(finished.errorType().orElse("unknown")));
                }
            } catch (RuntimeException failed) {
                Contained.failure(failed);
            }
            try {
                observation.stop();
            } catch (RuntimeException failed) {
                Contained.failure(failed);
            }
        }
    }
}
