package io.civicpass.examples.membership;

import static io.civicpass.testkit.assertj.CivicAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.examples.membership.Enrolment.Outcome;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.retrofit.RetrofitTransport;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.testkit.WithFakeCivic;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The desk when Civic misbehaves: faults injected into the fake, and the journal of what was sent. */
@WithFakeCivic(confirmationDelayMillis = 60_000)   // the chain confirms when a test advances the clock
class MembershipDeskFaultTest {

    private static final Member MEMBER = new Member("m-1", "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888",
            LocalDate.of(1990, 1, 1), "DE");
    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, MEMBER.wallet());

    // README:begin fault-injection
    @Test
    void aLostIssueResponseLeavesTheEnrolmentInDoubtAndNothingIsIssuedTwice(FakeCivic fake) {
        CivicPassConfig config = fake.configBuilder()   // look the pass up once after a lost response, then say so
                .retryPolicy(FakeCivic.fastRetryPolicy().toBuilder().reconcileWindow(Duration.ZERO).build())
                .build();
        try (CivicPassClient client = CivicPassClient.builder().config(config)
                .transport(RetrofitTransport.create()).clock(fake.clock()).build()) {
            MembershipDesk desk = new MembershipDesk(client, ChainNetwork.SEPOLIA, Set.of("DE"), 18, fake.clock());
            Member member = new Member("m-1", "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888", LocalDate.of(1990, 1, 1), "DE");
            RequestMatcher issue = RequestMatcher.of("POST", "/partner/pass/ethereum/sepolia");
            fake.inject(Fault.connectionReset().afterProcessing(), issue, 1);   // Civic issues; the answer is lost

            assertThat(desk.enrol(member).outcome()).isEqualTo(Outcome.IN_DOUBT);
            assertThat(fake.journal().count(issue)).isEqualTo(1);               // the client did not send it again

            fake.clock().advance(Duration.ofMinutes(1));                         // the issuance confirms
            Enrolment again = desk.enrol(member);                                // safe: Civic refuses a second pass
            assertThat(again.outcome()).isEqualTo(Outcome.ISSUED);
            assertThat(again.pass()).hasState(PassState.ACTIVE).isSettled();
            assertThat(fake.transactions(again.key())).isEqualTo(1);                     // one issuance on chain
        }
    }
    // README:end fault-injection

    @Test
    void aCheckThatMeetsOne503IsRetriedAndAdmits(FakeCivic fake) {
        fake.seedPass(KEY, PassState.ACTIVE);
        RequestMatcher lookups = RequestMatcher.of("GET", "/partner/pass/**");
        fake.inject(Fault.status(503).withRetryAfter("0"), lookups, 1);

        try (CivicPassClient client = CivicPassClient.builder().config(fake.config())
                .transport(RetrofitTransport.create()).build()) {
            MembershipDesk desk = new MembershipDesk(client, ChainNetwork.SEPOLIA, Set.of("DE"), 18, fake.clock());

            assertThat(desk.check(MEMBER)).isEqualTo(new Access(true, "pass active"));
        }
        assertThat(fake.journal().count(lookups)).isEqualTo(2);
    }

    @Test
    void aCheckFailsClosedWhileCivicKeepsFailing(FakeCivic fake) {
        fake.seedPass(KEY, PassState.ACTIVE);
        RequestMatcher lookups = RequestMatcher.of("GET", "/partner/pass/**");
        int attempts = FakeCivic.fastRetryPolicy().maxAttempts();
        fake.inject(Fault.status(503), lookups, attempts);

        try (CivicPassClient client = CivicPassClient.builder().config(fake.config())
                .transport(RetrofitTransport.create()).build()) {
            MembershipDesk desk = new MembershipDesk(client, ChainNetwork.SEPOLIA, Set.of("DE"), 18, fake.clock());

            assertThat(desk.check(MEMBER)).isEqualTo(new Access(false, "Civic unavailable"));
        }
        assertThat(fake.journal().count(lookups)).isEqualTo(attempts);
    }
}
