package io.civicpass.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassClient;
import io.civicpass.micrometer.CivicPassMetrics;
import io.civicpass.micrometer.CivicPassObservation;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.testkit.FakeCivic;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With Spring Boot's own registries (and its DefaultMeterObservationHandler), each call is timed once. */
class CivicPassMicrometerAutoConfigurationTest {

    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");

    private static FakeCivic fake;

    private final ApplicationContextRunner boot = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    CivicPassAutoConfiguration.class, CivicPassMicrometerAutoConfiguration.class))
            .withPropertyValues(FakeCivicProperties.of(fake()));

    @BeforeAll
    static void startFake() {
        fake();
    }

    private static synchronized FakeCivic fake() {
        if (fake == null) {
            fake = FakeCivic.start();
        }
        return fake;
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Test
    void eachCallIsTimedOnceWithBootsRegistries() {
        boot.run(context -> {
            CivicPassClient client = context.getBean(CivicPassClient.class);
            client.find(KEY);
            client.issue(KEY);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(timedCalls(meters)).containsExactlyInAnyOrder(CivicPassMetrics.OPERATION_DURATION);
            assertThat(meters.get(CivicPassMetrics.OPERATION_DURATION).tag("operation", "get").timer().count()).isEqualTo(1);
            assertThat(meters.get(CivicPassMetrics.OPERATION_DURATION).tag("operation", "issue").timer().count()).isEqualTo(1);
            assertThat(meters.get(CivicPassMetrics.TOKEN_FETCH_DURATION).timer().count()).isEqualTo(1);
        });
    }

    @Test
    void observationsStillReachBootsObservationRegistry() {
        boot.withPropertyValues("civicpass.metrics.observation-timers=true").run(context -> {
            context.getBean(CivicPassClient.class).find(KEY);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            // Boot's meter handler made its timers from our observations: the filter is what removes them
            assertThat(timedCalls(meters)).contains(CivicPassMetrics.OPERATION_DURATION, "civicpass.client.call");
            assertThat(meters.get("civicpass.client.call").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void anObservationRegistryAloneGetsObservations() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                        CivicPassAutoConfiguration.class, CivicPassMicrometerAutoConfiguration.class))
                .withPropertyValues(FakeCivicProperties.of(fake))
                .run(context -> {
                    assertThat(context).hasSingleBean(ObservationRegistry.class).doesNotHaveBean(MeterRegistry.class);
                    context.getBean(CivicPassClient.class).find(KEY); // the listener is built on the registry alone
                });
    }

    @Test
    void offWhenDisabledOrWithoutCivicpassMicrometer() {
        boot.withPropertyValues("civicpass.metrics.enabled=false").run(context -> {
            context.getBean(CivicPassClient.class).find(KEY);
            assertThat(context.getBean(MeterRegistry.class).find(CivicPassMetrics.OPERATION_DURATION).timers()).isEmpty();
        });
        boot.withClassLoader(new FilteredClassLoader(CivicPassObservation.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("civicPassMicrometerCustomizer");
            assertThat(context.getBean(MeterRegistry.class).find(CivicPassMetrics.OPERATION_DURATION).timers()).isEmpty();
        });
    }

    /** The names of the timers that timed one of the client's calls. */
    private static List<String> timedCalls(MeterRegistry meters) {
        return meters.getMeters().stream()
                .filter(meter -> meter instanceof Timer)
                .map(Meter::getId).map(Meter.Id::getName)
                .filter(name -> name.startsWith("civicpass.client.") && !name.equals(CivicPassMetrics.TOKEN_FETCH_DURATION)
                        && !name.startsWith("civicpass.client.http.request"))
                .distinct()
                .toList();
    }
}
