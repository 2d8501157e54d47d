package io.civicpass.spring.boot.autoconfigure;

import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code civicpass} health contributor, when Spring Boot's health support is on the
 * classpath ({@code spring-boot-health}, which the actuator brings) and
 * {@code management.health.civicpass.enabled} is not false. It is in no health group of its own
 * accord (neither liveness nor readiness): an application adds it to one if it wants Civic's
 * reachability to decide its own. No management default is changed.
 */
@AutoConfiguration(after = CivicPassAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(CivicPassClient.class)
@ConditionalOnEnabledHealthIndicator("civicpass")
public final class CivicPassHealthAutoConfiguration {

    /** Created by Spring. */
    public CivicPassHealthAutoConfiguration() {
    }

    /**
     * The health contributor, named {@code civicpass} after its bean.
     *
     * @param client     the client to check
     * @param config     its configuration, for the API host shown (none when the application
     *                   defines its own client without a configuration bean)
     * @param properties {@code civicpass.health.*}
     * @return the contributor
     */
    @Bean
    @ConditionalOnMissingBean(name = "civicpassHealthIndicator")
    public CivicPassHealthIndicator civicpassHealthIndicator(CivicPassClient client, ObjectProvider<CivicPassConfig> config,
                                                             CivicPassProperties properties) {
        CivicPassConfig known = config.getIfUnique();
        return new CivicPassHealthIndicator(client, known == null ? "" : known.apiUrl().getHost(),
                properties.health().cachePeriod(), properties.health().timeout(), Clock.systemUTC());
    }
}
