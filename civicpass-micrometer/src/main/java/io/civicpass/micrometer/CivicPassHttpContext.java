package io.civicpass.micrometer;

import io.civicpass.event.AttemptFinished;
import io.civicpass.event.AttemptStarted;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import java.util.Objects;
import java.util.Optional;

/**
 * The context of the observation of one HTTP attempt of a call: what an
 * {@link CivicPassHttpObservationConvention} reads to name and tag it. A {@link SenderContext}
 * of kind {@link Kind#CLIENT} without a carrier (see {@link CivicPassCallContext}); its parent is
 * always the call's observation, set explicitly since a non-blocking call's attempts run on other
 * threads than the one that started it.
 *
 * @since 0.1.0
 */
public final class CivicPassHttpContext extends SenderContext<Object> {

    private final AttemptStarted started;
    private volatile AttemptFinished finished;

    CivicPassHttpContext(AttemptStarted started) {
        super((carrier, key, value) -> {
        }, Kind.CLIENT);
        this.started = Objects.requireNonNull(started, "started == null");
        setRemoteServiceName(CivicPassObservation.SERVICE);
    }

    /**
     * The attempt's start: operation, attempt number, HTTP method and templated path.
     *
     * @return the event the client told
     */
    public AttemptStarted started() {
        return started;
    }

    /**
     * The attempt's end, once it ended (set just before the observation stops). Empty at the
     * stop too when the call ended without telling the attempt's end (an error thrown by the
     * transport, say).
     *
     * @return the event the client told, or empty
     */
    public Optional<AttemptFinished> finished() {
        return Optional.ofNullable(finished);
    }

    void finished(AttemptFinished value) {
        this.finished = value;
    }
}
