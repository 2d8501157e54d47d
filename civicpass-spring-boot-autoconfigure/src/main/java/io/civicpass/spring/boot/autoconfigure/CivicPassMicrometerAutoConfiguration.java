package io.civicpass.spring.boot.autoconfigure;

import io.civicpass.micrometer.CivicPassMetrics;
import io.civicpass.micrometer.CivicPassObservation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Binds the client to the application's Micrometer registries through
 * {@code civicpass-micrometer}: observations (spans) on its {@link ObservationRegistry} and the
 * {@code civicpass.client.*} meters on its {@link MeterRegistry}, whichever of the two it has.
 *
 * <p>Each call is timed once. Spring Boot's meter observation handler would otherwise make a
 * second timer of every call ({@code civicpass.client.call}) and of every attempt
 * ({@code civicpass.client.http.request}) from the observations, beside
 * {@code civicpass.client.operation.duration}; a {@link MeterFilter} bean denies those unless
 * {@code civicpass.metrics.observation-timers=true}.
 */
@AutoConfiguration
@ConditionalOnClass(name = {"io.civicpass.micrometer.CivicPassObservation", "io.micrometer.core.instrument.MeterRegistry"})
@ConditionalOnProperty(name = "civicpass.metrics.enabled", matchIfMissing = true)
public final class CivicPassMicrometerAutoConfiguration {

    /** The observation names {@code civicpass-micrometer} reports; a meter handler names its timers after them. */
    private static final String CALL = "civicpass.client.call";
    private static final String ATTEMPT = "civicpass.client.http.request";

    /** Created by Spring. */
    public CivicPassMicrometerAutoConfiguration() {
    }

    /**
     * Adds the Micrometer listener to the client's builder, over the registries the application
     * has when the client is built.
     *
     * @param observations the observation registry, if any
     * @param meters       the meter registry, if any
     * @return the customizer
     */
    @Bean
    public CivicPassClientCustomizer civicPassMicrometerCustomizer(ObjectProvider<ObservationRegistry> observations,
                                                                  ObjectProvider<MeterRegistry> meters) {
        return builder -> {
            ObservationRegistry observationRegistry = observations.getIfUnique();
            MeterRegistry meterRegistry = meters.getIfUnique();
            if (observationRegistry != null && meterRegistry != null) {
                builder.listener(CivicPassObservation.listener(observationRegistry, meterRegistry));
            } else if (observationRegistry != null) {
                builder.listener(CivicPassObservation.listener(observationRegistry));
            } else if (meterRegistry != null) {
                builder.listener(CivicPassMetrics.listener(meterRegistry));
            }
        };
    }

    /**
     * Denies the timers a meter observation handler makes from the client's observations, so
     * each call is timed once, by {@code civicpass.client.operation.duration}.
     *
     * @return the filter, applied by Spring Boot to its meter registries
     */
    @Bean
    @ConditionalOnProperty(name = "civicpass.metrics.observation-timers", havingValue = "false", matchIfMissing = true)
    public MeterFilter civicPassObservationTimersFilter() {
        return MeterFilter.deny(id -> isObservationMeter(id.getName(), CALL) || isObservationMeter(id.getName(), ATTEMPT));
    }

    /** The timer itself, its long-task twin ({@code .active}) and any event counter under it. */
    private static boolean isObservationMeter(String meter, String observation) {
        return meter.equals(observation) || meter.startsWith(observation + ".");
    }
}
