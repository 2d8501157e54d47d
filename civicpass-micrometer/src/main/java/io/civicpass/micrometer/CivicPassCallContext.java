package io.civicpass.micrometer;

import io.civicpass.event.CallFinished;
import io.civicpass.event.CallStarted;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import java.util.Objects;
import java.util.Optional;

/**
 * The context of the observation of one public call of a Civic Pass client ({@code find},
 * {@code issue}, one page of {@code list}, ...): what an {@link CivicPassCallObservationConvention}
 * reads to name and tag it. A {@link SenderContext} of kind {@link Kind#CLIENT}, so that
 * Micrometer Tracing makes its span a client span; it has no carrier, since the listener never
 * touches a request (the transport's own instrumentation propagates trace headers, if any).
 *
 * @since 0.1.0
 */
public final class CivicPassCallContext extends SenderContext<Object> {

    private final CallStarted started;
    private volatile CallFinished finished;

    CivicPassCallContext(CallStarted started) {
        super((carrier, key, value) -> {
        }, Kind.CLIENT);
        this.started = Objects.requireNonNull(started, "started == null");
        setRemoteServiceName(CivicPassObservation.SERVICE);
    }

    /**
     * The call's start: its operation.
     *
     * @return the event the client told
     */
    public CallStarted started() {
        return started;
    }

    /**
     * The call's end, once it ended (set just before the observation stops).
     *
     * @return the event the client told, or empty while the call runs
     */
    public Optional<CallFinished> finished() {
        return Optional.ofNullable(finished);
    }

    void finished(CallFinished value) {
        this.finished = value;
    }
}
