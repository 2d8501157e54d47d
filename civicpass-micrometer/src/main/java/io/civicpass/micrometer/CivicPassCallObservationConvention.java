package io.civicpass.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a Civic Pass call. Implement it (or extend
 * {@link DefaultCivicPassCallObservationConvention}) to change them, and hand it to
 * {@link CivicPassObservation.Builder#callConvention} or register it on the registry
 * ({@code registry.observationConfig().observationConvention(...)}).
 *
 * @since 0.1.0
 */
public interface CivicPassCallObservationConvention extends ObservationConvention<CivicPassCallContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof CivicPassCallContext;
    }
}
