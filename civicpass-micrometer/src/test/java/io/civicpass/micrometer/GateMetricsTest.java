package io.civicpass.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassClient;
import io.civicpass.gate.PassGate;
import io.civicpass.gate.Verdict;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.retrofit.RetrofitTransport;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.FakeCivicExtension;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.testkit.WithFakeCivic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A gate's counters and lookups in a registry, against the testkit's fake on its clock. */
@WithFakeCivic(lifecycle = FakeCivicExtension.Lifecycle.PER_TEST)
class GateMetricsTest {

    private static final String WALLET = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";
    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, WALLET);

    @Test
    void hitsMissesLookupsAndStaleServesShowWithoutTheWallet(FakeCivic fake) {
        fake.seedPass(KEY, PassState.ACTIVE);
        MeterRegistry meters = new SimpleMeterRegistry();
        Tags tags = Tags.of("gate", "members");
        try (CivicPassClient civic = CivicPassClient.builder().config(fake.config())
                .transport(RetrofitTransport.create()).clock(fake.clock()).build();
             PassGate gate = PassGate.builder(civic).clock(fake.clock()).executor(Runnable::run)
                     .refreshAhead(Duration.ZERO).staleIfError(Duration.ofMinutes(1))
                     .listener(GateMetrics.listener(meters, tags)).build()) {
            GateMetrics.bind(gate, meters, tags);

            gate.check(KEY);
            gate.check(KEY);
            gate.check(KEY);
            fake.inject(Fault.status(503), RequestMatcher.of("GET", "/partner/pass/**"), 1_000);
            fake.clock().advance(Duration.ofSeconds(61));     // past ALLOWED's 60 s; Civic fails
            Verdict stale = gate.check(KEY);
            assertThat(stale.stale()).isTrue();

            assertThat(meters.get(GateMetrics.CHECKS).tags("result", "hit", "gate", "members").functionCounter().count())
                    .isEqualTo(2);
            assertThat(meters.get(GateMetrics.CHECKS).tags("result", "miss").functionCounter().count()).isEqualTo(2);
            assertThat(meters.get(GateMetrics.LOOKUPS).tags("type", "load").functionCounter().count()).isEqualTo(2);
            assertThat(meters.get(GateMetrics.LOOKUP_FAILURES).functionCounter().count()).isEqualTo(1);
            assertThat(meters.get(GateMetrics.STALE_SERVES).functionCounter().count()).isEqualTo(1);
            assertThat(meters.get(GateMetrics.SIZE).gauge().value()).isEqualTo(1);
            assertThat(meters.get(GateMetrics.LOOKUP_DURATION).tags("type", "load", "verdict", "allowed").timer().count())
                    .isEqualTo(1);
            assertThat(meters.get(GateMetrics.LOOKUP_DURATION).tags("verdict", "unavailable").timer().count())
                    .isEqualTo(1);
            assertThat(meters.get(GateMetrics.STALE_LATENESS).tags("verdict", "allowed").timer().count()).isEqualTo(1);
            assertThat(meters.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags().toString())
                    .doesNotContainIgnoringCase(WALLET.substring(2)));
        }
    }
}
