package io.civicpass.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of one HTTP attempt of a Civic Pass call. Implement it (or
 * extend {@link DefaultCivicPassHttpObservationConvention}) to change them, and hand it to
 * {@link CivicPassObservation.Builder#httpConvention} or register it on the registry.
 *
 * @since 0.1.0
 */
public interface CivicPassHttpObservationConvention extends ObservationConvention<CivicPassHttpContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof CivicPassHttpContext;
    }
}
