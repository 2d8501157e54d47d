package io.civicpass.spring.boot.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.civicpass.micrometer.CivicPassMetrics;
import io.civicpass.CivicPassClient;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.spring.boot.test.EnableFakeCivic;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.RequestMatcher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/** The whole example application, on the fake, with no credentials. */
// README:begin spring-boot-test
@SpringBootTest(properties = "management.endpoint.health.probes.enabled=true")
@AutoConfigureMockMvc
@EnableFakeCivic(confirmationDelayMillis = 60_000)
class ExampleApplicationTest {

    private static final String WALLET = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";
    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, WALLET);

    @Autowired
    private MockMvc http;

    @Test
    void aNewMemberEntersOnceTheChainHasConfirmedThePass(FakeCivic fake) throws Exception {
        http.perform(post("/members/{wallet}/pass", WALLET))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.state").value("ACTIVE"));
        http.perform(get("/members/{wallet}/area", WALLET))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.verdict").value("NOT_FOUND")); // Civic shows it once the chain confirms

        fake.clock().advance(Duration.ofMinutes(1));
        http.perform(get("/members/{wallet}/area", WALLET))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verdict").value("ALLOWED"));
        assertThat(fake.journal().count(RequestMatcher.of("POST", "/partner/pass/*/*"))).isEqualTo(1);
    }
    // README:end spring-boot-test

    @Test
    void aFrozenPassKeepsTheMemberOut(FakeCivic fake) throws Exception {
        fake.seedPass(KEY, PassState.FROZEN);
        http.perform(get("/members/{wallet}/area", WALLET))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.verdict").value("FROZEN"));
    }

    @Test
    void theGateAsksCivicOnceAndDropsAtOnceWhatTheApplicationChanged(FakeCivic fake, @Autowired CivicPassClient civic)
            throws Exception {
        fake.seedPass(KEY, PassState.ACTIVE);
        http.perform(get("/members/{wallet}/area", WALLET)).andExpect(status().isOk());
        http.perform(get("/members/{wallet}/area", WALLET)).andExpect(status().isOk());
        assertThat(fake.journal().count(RequestMatcher.of("GET", "/partner/pass/*/*/*"))).isEqualTo(1);

        civic.freeze(KEY); // through the application's client: its gate hears of it
        http.perform(get("/members/{wallet}/area", WALLET))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.verdict").value("PENDING")); // frozen, not yet on chain
    }

    @Test
    void aMalformedWalletIsRefusedBeforeAnythingReachesCivic(FakeCivic fake) throws Exception {
        http.perform(post("/members/{wallet}/pass", "0x1234"))
                .andExpect(status().isBadRequest());
        assertThat(fake.journal().apiRequests()).isEmpty();
    }

    @Test
    void healthShowsCivicpassOutsideTheProbeGroups() throws Exception {
        http.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.civicpass.status").value("UP"))
                .andExpect(jsonPath("$.components.civicpass.details.apiHost").value("127.0.0.1"));
        String liveness = http.perform(get("/actuator/health/liveness")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        String readiness = http.perform(get("/actuator/health/readiness")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(liveness).doesNotContain("civicpass");
        assertThat(readiness).doesNotContain("civicpass");
        String health = http.perform(get("/actuator/health")).andReturn().getResponse().getContentAsString();
        assertThat(health).doesNotContain(io.civicpass.CivicPassConfig.SANDBOX_CREDENTIALS.clientSecret());
    }

    @Test
    void eachCallIsTimedOnce(@Autowired MeterRegistry meters) throws Exception {
        long before = meters.find(CivicPassMetrics.OPERATION_DURATION).tag("operation", "get").timers().stream()
                .mapToLong(timer -> timer.count()).sum();
        http.perform(get("/members/{wallet}/area", WALLET)).andExpect(status().isForbidden());
        assertThat(meters.find(CivicPassMetrics.OPERATION_DURATION).tag("operation", "get").timers().stream()
                .mapToLong(timer -> timer.count()).sum()).isEqualTo(before + 1);
        assertThat(meters.find("civicpass.client.call").meters()).isEmpty();
        assertThat(meters.find("http.server.requests").timers()).isNotEmpty(); // Boot's handler is on: the filter kept ours out
    }
}
