package io.civicpass.micrometer;

import io.civicpass.event.CivicPassListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Objects;

/**
 * Binds a Civic Pass client's listener hook to a Micrometer {@link ObservationRegistry}: one
 * observation per public call ({@code civicpass.client.call}, span {@code CivicPass.<operation>},
 * kind client) and one per HTTP attempt ({@code civicpass.client.http.request}, a child of the
 * call's), named and tagged as {@link CivicPassObservationDocumentation} lists.
 *
 * <pre>{@code
 * CivicPassClient civic = CivicPassClient.builder()
 *         .config(config)
 *         .listener(CivicPassObservation.listener(observationRegistry, meterRegistry))
 *         .build();
 * }</pre>
 *
 * <p>The listeners are thread-safe and never throw into a call: a handler or registry that
 * fails is logged ({@code System.Logger} {@code io.civicpass.micrometer}, by exception type) and
 * ignored.
 *
 * @since 0.1.0
 */
public final class CivicPassObservation {

    /** The service name of the spans ({@code rpc.service}, and the remote service name). */
    static final String SERVICE = "CivicPass";

    private CivicPassObservation() {
    }

    /**
     * A listener that makes observations with the default conventions (or those registered on
     * the registry). Spans come from the registry's tracing handler; a meter handler on it (such
     * as {@code DefaultMeterObservationHandler}) makes timers named after the observations. For
     * the {@code civicpass.client.*} meters, see {@link CivicPassMetrics}, or
     * {@link #listener(ObservationRegistry, MeterRegistry)} for both.
     *
     * @param registry the registry
     * @return the listener, for {@code ClientBuilder.listener(...)}
     */
    public static CivicPassListener listener(ObservationRegistry registry) {
        return builder(registry).build();
    }

    /**
     * A listener that makes the observations of {@link #listener(ObservationRegistry)} and
     * records the meters of {@link CivicPassMetrics#listener(MeterRegistry)}.
     *
     * @param observations the observation registry
     * @param meters       the meter registry
     * @return the listener, for {@code ClientBuilder.listener(...)}
     */
    public static CivicPassListener listener(ObservationRegistry observations, MeterRegistry meters) {
        Objects.requireNonNull(observations, "observations == null");
        Objects.requireNonNull(meters, "meters == null");
        return CivicPassListener.composite(List.of(listener(observations), CivicPassMetrics.listener(meters)));
    }

    /**
     * A builder, to set conventions of your own.
     *
     * @param registry the registry
     * @return a new builder
     */
    public static Builder builder(ObservationRegistry registry) {
        return new Builder(Objects.requireNonNull(registry, "registry == null"));
    }

    /** Builds an observing listener. Not thread-safe. */
    public static final class Builder {

        private final ObservationRegistry registry;
        private CivicPassCallObservationConvention callConvention;
        private CivicPassHttpObservationConvention httpConvention;

        private Builder(ObservationRegistry registry) {
            this.registry = registry;
        }

        /**
         * Names and tags call observations with {@code value} instead of the convention
         * registered on the registry or the default.
         *
         * @param value the convention
         * @return this builder
         */
        public Builder callConvention(CivicPassCallObservationConvention value) {
            this.callConvention = Objects.requireNonNull(value, "callConvention == null");
            return this;
        }

        /**
         * Names and tags HTTP attempt observations with {@code value} instead of the convention
         * registered on the registry or the default.
         *
         * @param value the convention
         * @return this builder
         */
        public Builder httpConvention(CivicPassHttpObservationConvention value) {
            this.httpConvention = Objects.requireNonNull(value, "httpConvention == null");
            return this;
        }

        /**
         * Builds the listener.
         *
         * @return the listener, for {@code ClientBuilder.listener(...)}
         */
        public CivicPassListener build() {
            return new ObservingListener(registry, callConvention, httpConvention);
        }
    }
}
