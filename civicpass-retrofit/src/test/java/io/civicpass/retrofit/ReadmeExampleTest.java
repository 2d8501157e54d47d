package io.civicpass.retrofit;

import static io.civicpass.testkit.assertj.CivicAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassClient;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.FakeCivicExtension;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RequestMatcher;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's "Testing with the fake Civic API" example, kept compiling and passing. */
class ReadmeExampleTest {

    @RegisterExtension
    static FakeCivicExtension civic = FakeCivicExtension.builder().perClass().build();   // reset before each test

    @Test
    void freezesAPass(FakeCivic fake) {
        try (CivicPassClient client = CivicPassClient.builder().config(fake.config())
                .transport(RetrofitTransport.create()).build()) {
            PassKey key = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");
            fake.seedPass(key, PassState.ACTIVE);
            fake.inject(Fault.status(503), RequestMatcher.of("PATCH", "/partner/pass/**"), 1);   // retried
            client.freeze(key);
            assertThat(client.awaitConfirmed(key, Duration.ofSeconds(5))).hasState(PassState.FROZEN);
            assertThat(fake.journal().count(RequestMatcher.of("PATCH", "/partner/pass/**"))).isEqualTo(2);
        }
    }
}
