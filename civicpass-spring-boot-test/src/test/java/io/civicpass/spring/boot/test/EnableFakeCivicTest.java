package io.civicpass.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassClient;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RequestMatcher;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

@SpringBootTest(classes = TestApplication.class, properties = {
        "civicpass.api-url=https://api.civic.com/partner",   // as an application.properties might say
        "civicpass.client-id=production-id", "civicpass.client-secret=production-secret",
        "civicpass.retry.max-attempts=4"})
@EnableFakeCivic(confirmationDelayMillis = 60_000)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnableFakeCivicTest {

    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");

    @Autowired
    private CivicPassClient client;

    @Autowired
    private FakeCivic fakeBean;

    @Test
    @Order(1)
    void theAutoConfiguredClientTalksToTheFakeNotToCivic(FakeCivic fake) {
        assertThat(fake).isSameAs(fakeBean);
        client.issue(KEY);
        assertThat(fake.journal().count(RequestMatcher.of("POST", "/partner/pass/*/*"))).isEqualTo(1);
        assertThat(fake.pass(KEY)).hasValueSatisfying(pass -> assertThat(pass.state()).isEqualTo(PassState.ACTIVE));
    }

    @Test
    @Order(2)
    void theFakeIsResetBeforeEachTestAndTheClientStillHoldsAToken(FakeCivic fake) {
        assertThat(fake.pass(KEY)).isEmpty();
        assertThat(fake.journal().size()).isZero();
        client.find(KEY);
        assertThat(fake.journal().all()).hasSize(1).allSatisfy(request -> assertThat(request.path()).startsWith("/partner/pass/"));
    }

    @Test
    @Order(3)
    void theFakesClockIsTheTests(FakeCivic fake) {
        client.issue(KEY);
        assertThat(client.find(KEY)).as("hidden until the chain confirms").isEmpty();
        fake.clock().advance(Duration.ofMinutes(1));
        assertThat(client.find(KEY)).hasValueSatisfying(pass -> assertThat(pass.onChainState()).isEqualTo(PassState.ACTIVE));
    }

    @Test
    @Order(4)
    void theClientJudgesTokensByTheFakesClock(FakeCivic fake) {
        client.find(KEY);
        fake.clock().advance(Duration.ofDays(2)); // past the token's lifetime, by the fake's clock only
        client.find(KEY);
        // the test starts with the client holding a token; by the fake's clock the client knew it had
        // expired: it fetched a new one before calling, and no call was refused and repeated
        assertThat(fake.journal().tokenRequests()).hasSize(1);
        assertThat(fake.journal().apiRequests()).hasSize(2);
    }

    @Test
    @Order(5)
    void faultsReachTheClientAndTheTestsOwnPropertiesStillApply(FakeCivic fake) {
        fake.inject(Fault.status(503), RequestMatcher.apiRequests(), 3);
        assertThat(client.find(KEY)).isEmpty(); // three refusals, then the fourth attempt of civicpass.retry.max-attempts=4
        assertThat(fake.journal().apiRequests()).hasSize(4);
    }

    @Test
    @Order(6)
    void thePropertiesPointAtTheFake(@Autowired Environment environment, FakeCivic fake) {
        assertThat(environment.getProperty("civicpass.api-url")).isEqualTo(fake.apiUrl().toString());
        assertThat(environment.getProperty("civicpass.client-secret")).isNotEqualTo("production-secret");
        assertThat(environment.getProperty("civicpass.retry.initial-backoff")).isEqualTo("10ms");
    }
}
