package io.civicpass.examples.membership;

// README:begin testing-with-the-extension
import static io.civicpass.testkit.assertj.CivicAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassClient;
import io.civicpass.examples.membership.Enrolment.Outcome;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassState;
import io.civicpass.retrofit.RetrofitTransport;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.FakeCivicExtension;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
// README:end testing-with-the-extension
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.civicpass.model.PassKey;
import io.civicpass.testkit.RequestMatcher;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
// README:begin testing-with-the-extension
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MembershipDeskTest {

    @RegisterExtension
    static FakeCivicExtension civic = FakeCivicExtension.builder().perClass()   // one fake, reset before each test
            .confirmationDelay(Duration.ofMinutes(1)).build();                     // the chain confirms when the test says

    @Test
    void admitsAMemberOnlyOnceTheChainHasConfirmedThePass(FakeCivic fake) {
        try (CivicPassClient client = CivicPassClient.builder().config(fake.config())
                .transport(RetrofitTransport.create()).clock(fake.clock()).build()) {
            MembershipDesk desk = new MembershipDesk(client, ChainNetwork.SEPOLIA, Set.of("DE"), 18, fake.clock());
            Member member = new Member("m-1", "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888", LocalDate.of(1990, 1, 1), "DE");

            Enrolment enrolment = desk.enrol(member);
            assertThat(enrolment.outcome()).isEqualTo(Outcome.ISSUED);
            assertThat(enrolment.pass()).hasState(PassState.ACTIVE).isPending();     // accepted, not on chain yet
            assertThat(desk.check(member).allowed()).isFalse();                     // Civic hides it until confirmed

            fake.clock().advance(Duration.ofMinutes(1));                             // the chain confirms
            assertThat(desk.check(member).allowed()).isTrue();
            assertThat(fake.pass(enrolment.key()).orElseThrow()).hasState(PassState.ACTIVE).isSettled();
        }
    }
    // README:end testing-with-the-extension

    private static final String WALLET = "0x52908400098527886E0F7030069857D2E4169EE7";

    private CivicPassClient client;
    private MembershipDesk desk;

    @BeforeEach
    void connect(FakeCivic fake) {
        client = CivicPassClient.builder().config(fake.config()).transport(RetrofitTransport.create())
                .clock(fake.clock()).build();
        desk = new MembershipDesk(client, ChainNetwork.SEPOLIA, Set.of("de", "FR"), 18, fake.clock());
    }

    @AfterEach
    void close() {
        desk.close();
        client.close();
    }

    @Test
    void refusesAMinorWithoutAskingCivic(FakeCivic fake) {
        LocalDate seventeen = LocalDate.now(fake.clock()).minusYears(17);

        Enrolment enrolment = desk.enrol(new Member("m-2", WALLET, seventeen, "FR"));

        assertThat(enrolment.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(enrolment.reason()).isEqualTo("younger than 18");
        assertThat(fake.journal().all()).isEmpty();
    }

    @Test
    void admitsOnTheEighteenthBirthday(FakeCivic fake) {
        LocalDate eighteen = LocalDate.now(fake.clock()).minusYears(18);

        assertThat(desk.enrol(new Member("m-3", WALLET, eighteen, "FR")).outcome()).isEqualTo(Outcome.ISSUED);
    }

    @Test
    void refusesACountryItDoesNotServeWithoutAskingCivic(FakeCivic fake) {
        Enrolment enrolment = desk.enrol(new Member("m-4", WALLET, LocalDate.of(1980, 5, 17), "US"));

        assertThat(enrolment.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(enrolment.reason()).isEqualTo("country not served");
        assertThat(fake.journal().all()).isEmpty();
    }

    @Test
    void enrollingTwiceReturnsThePassItHasAndIssuesNothingMore(FakeCivic fake) {
        Member member = new Member("m-5", WALLET, LocalDate.of(1980, 5, 17), "de");
        Enrolment first = desk.enrol(member);
        fake.clock().advance(Duration.ofMinutes(1));

        Enrolment second = desk.enrol(member);

        assertThat(second.outcome()).isEqualTo(Outcome.ISSUED);
        assertThat(second.pass().id()).isEqualTo(first.pass().id());
        assertThat(second.pass()).hasState(PassState.ACTIVE).isSettled();
        assertThat(fake.transactions(first.key())).isEqualTo(1);
    }

    @Test
    void deniesAFrozenPassAndAdmitsItOnceTheUnfreezeIsOnChain(FakeCivic fake) {
        Member member = new Member("m-6", WALLET, LocalDate.of(1980, 5, 17), "DE");
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, WALLET);
        fake.seedPass(key, PassState.FROZEN);
        assertThat(desk.check(member)).isEqualTo(new Access(false, "pass FROZEN"));

        client.unfreeze(key);
        assertThat(desk.check(member)).isEqualTo(new Access(false, "pass not active on chain yet"));

        fake.clock().advance(Duration.ofMinutes(1));
        assertThat(desk.check(member)).isEqualTo(new Access(true, "pass active"));
    }

    @Test
    void deniesARevokedPassAndCivicRefusesToEnrolItsWalletAgain(FakeCivic fake) {
        Member member = new Member("m-7", WALLET, LocalDate.of(1980, 5, 17), "DE");
        fake.seedPass(PassKey.of(ChainNetwork.SEPOLIA, WALLET), PassState.REVOKED);

        assertThat(desk.check(member)).isEqualTo(new Access(false, "pass REVOKED"));
        Enrolment enrolment = desk.enrol(member);
        assertThat(enrolment.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(enrolment.reason()).isEqualTo("Civic refused the pass (HTTP 400)");
    }

    @Test
    void deniesAMemberWithoutAPass(FakeCivic fake) {
        Member member = new Member("m-8", WALLET, LocalDate.of(1980, 5, 17), "DE");

        assertThat(desk.check(member)).isEqualTo(new Access(false, "no pass (or Civic has not confirmed it yet)"));
        assertThat(fake.journal().count(RequestMatcher.of("GET", "/partner/pass/**"))).isEqualTo(1);
    }

    @Test
    void refusesBadInputBeforeAnythingIsSent(FakeCivic fake) {
        Member badWallet = new Member("m-9", "0x1234", LocalDate.of(1980, 5, 17), "DE");

        assertThatIllegalArgumentException().isThrownBy(() -> desk.enrol(badWallet)).withMessageContaining("0x1234");
        assertThatIllegalArgumentException().isThrownBy(() -> desk.check(badWallet)).withMessageContaining("0x1234");
        assertThatNullPointerException().isThrownBy(() -> desk.enrol(null)).withMessage("member == null");
        assertThatNullPointerException().isThrownBy(() -> new Member("m", WALLET, null, "DE"))
                .withMessage("dateOfBirth == null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MembershipDesk(client, ChainNetwork.SEPOLIA, Set.of("DEU"), 18, Clock.systemUTC()))
                .withMessageContaining("'DEU'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MembershipDesk(client, ChainNetwork.SEPOLIA, Set.of("DE"), -1, Clock.systemUTC()))
                .withMessage("minimumAge must be 0 or more, was -1");
        assertThat(fake.journal().all()).isEmpty();
    }

    @Test
    void aMemberShowsOnlyItsIdNeverItsPersonalData() {
        Member member = new Member("m-10", WALLET, LocalDate.of(1980, 5, 17), "DE");

        assertThat(member).hasToString("Member[id=m-10]");
    }
// README:begin testing-with-the-extension
}
// README:end testing-with-the-extension
