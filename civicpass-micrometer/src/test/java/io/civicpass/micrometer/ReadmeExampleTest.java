package io.civicpass.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassClient;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.retrofit.RetrofitTransport;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.FakeCivicExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The module README's wiring, kept compiling and doing what the README says. */
class ReadmeExampleTest {

    @RegisterExtension
    static FakeCivicExtension civic = FakeCivicExtension.builder().perClass().build();

    @Test
    void wiresSpansAndMetersAndDropsTheTimersAMeterHandlerMakes(FakeCivic fake) {
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");
        fake.seedPass(key, PassState.ACTIVE);
        MeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        meters.config().meterFilter(MeterFilter.denyNameStartsWith("civicpass.client.call"))
                .meterFilter(MeterFilter.denyNameStartsWith("civicpass.client.http.request"));

        try (CivicPassClient civic = CivicPassClient.builder()
                .config(fake.config())
                .transport(RetrofitTransport.create())
                .listener(CivicPassObservation.listener(observations, meters))   // spans and meters
                .build()) {
            civic.freeze(key);
        }

        assertThat(meters.get("civicpass.client.operation.duration").tags("operation", "freeze").timer().count())
                .isEqualTo(1);
        assertThat(meters.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getName())
                .doesNotStartWith("civicpass.client.call").doesNotStartWith("civicpass.client.http.request"));
    }
}
