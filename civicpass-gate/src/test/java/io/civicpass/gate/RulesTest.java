package io.civicpass.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.model.Chain;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.EventType;
import io.civicpass.model.Pass;
import io.civicpass.model.PassEvent;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each row of the table in {@link PassGate}'s documentation, on passes as Civic could report them. */
class RulesTest {

    private static final String WALLET = "0xea5ce8f9c81b681876dc713d33371c3e262a5888";
    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, WALLET);
    private static final Rules STRICT = new Rules(false);
    private static final Rules LENIENT = new Rules(true);

    private static Pass pass(String wallet, PassState state, PassState onChain, EventType... events) {
        List<PassEvent> log = new ArrayList<>();
        long second = 1_800_000_000L;
        for (EventType type : events) {
            log.add(new PassEvent(type, Instant.ofEpochSecond(second++), null));
        }
        return new Pass("id-1", Chain.ETHEREUM, ChainNetwork.SEPOLIA, "gkn", wallet, state, onChain, log);
    }

    private static Verdict.Kind judge(Rules rules, PassState state, PassState onChain, EventType... events) {
        return rules.judge(KEY, Optional.of(pass(WALLET, state, onChain, events)));
    }

    @Test
    void row2NoPassIsNotFound() {
        assertThat(STRICT.judge(KEY, Optional.empty())).isEqualTo(Verdict.Kind.NOT_FOUND);
    }

    @Test
    void row3AnAnswerForAnotherWalletIsUnknownButLetterCaseDoesNotMakeOne() {
        Pass other = pass("0x" + "1".repeat(40), PassState.ACTIVE, PassState.ACTIVE);
        Pass upper = pass("0x" + WALLET.substring(2).toUpperCase(java.util.Locale.ROOT), PassState.ACTIVE, PassState.ACTIVE);
        assertThat(STRICT.judge(KEY, Optional.of(other))).isEqualTo(Verdict.Kind.UNKNOWN);
        assertThat(STRICT.judge(KEY, Optional.of(upper))).isEqualTo(Verdict.Kind.ALLOWED);
    }

    @Test
    void row4AnExpiredStatusIsExpired() {
        assertThat(judge(STRICT, PassState.of("EXPIRED"), PassState.ACTIVE)).isEqualTo(Verdict.Kind.EXPIRED);
        assertThat(judge(STRICT, PassState.ACTIVE, PassState.of("EXPIRED"))).isEqualTo(Verdict.Kind.EXPIRED);
    }

    @Test
    void row5RejectedOrAnUnknownStateIsUnknown() {
        assertThat(judge(STRICT, PassState.REJECTED, PassState.REJECTED)).isEqualTo(Verdict.Kind.UNKNOWN);
        assertThat(judge(STRICT, PassState.of("SUSPENDED"), PassState.ACTIVE)).isEqualTo(Verdict.Kind.UNKNOWN);
        assertThat(judge(STRICT, PassState.ACTIVE, PassState.of("SUSPENDED"))).isEqualTo(Verdict.Kind.UNKNOWN);
    }

    @Test
    void row6RequestedOrNoOnChainStateIsPending() {
        assertThat(judge(STRICT, PassState.REQUESTED, PassState.FROZEN)).isEqualTo(Verdict.Kind.PENDING);
        assertThat(judge(STRICT, PassState.REQUESTED, PassState.REQUESTED)).isEqualTo(Verdict.Kind.PENDING);
        assertThat(judge(STRICT, PassState.ACTIVE, null)).isEqualTo(Verdict.Kind.PENDING);
    }

    @Test
    void row7APendingChangeIsPendingWhateverItsDirection() {
        assertThat(judge(STRICT, PassState.FROZEN, PassState.ACTIVE)).isEqualTo(Verdict.Kind.PENDING);
        assertThat(judge(STRICT, PassState.REVOKED, PassState.ACTIVE)).isEqualTo(Verdict.Kind.PENDING);
        assertThat(judge(STRICT, PassState.ACTIVE, PassState.FROZEN,
                EventType.TOKEN_ISSUED_INITIATED, EventType.TOKEN_ISSUED, EventType.TOKEN_FROZEN_INITIATED,
                EventType.TOKEN_FROZEN, EventType.TOKEN_UNFROZEN_INITIATED)).isEqualTo(Verdict.Kind.PENDING);
    }

    @Test
    void row7APendingUnfreezeIsAllowedOnlyWhenChosenAndOnlyForAnUnfreezeOfAnIssuedPass() {
        EventType[] unfreezing = {EventType.TOKEN_ISSUED_INITIATED, EventType.TOKEN_ISSUED,
                EventType.TOKEN_FROZEN_INITIATED, EventType.TOKEN_FROZEN, EventType.TOKEN_UNFROZEN_INITIATED,
                EventType.TOKEN_EXPIRY_CHANGED_INITIATED};
        assertThat(judge(LENIENT, PassState.ACTIVE, PassState.FROZEN, unfreezing)).isEqualTo(Verdict.Kind.ALLOWED);
        // A new pass on its way in (ACTIVE intended, FROZEN on chain while the issue is pending) is no unfreeze.
        assertThat(judge(LENIENT, PassState.ACTIVE, PassState.FROZEN, EventType.TOKEN_ISSUED_INITIATED))
                .isEqualTo(Verdict.Kind.PENDING);
        assertThat(judge(LENIENT, PassState.FROZEN, PassState.ACTIVE, EventType.TOKEN_ISSUED_INITIATED,
                EventType.TOKEN_ISSUED, EventType.TOKEN_FROZEN_INITIATED)).isEqualTo(Verdict.Kind.PENDING);
    }

    @Test
    void rows8To11SettledStates() {
        assertThat(judge(STRICT, PassState.REVOKED, PassState.REVOKED)).isEqualTo(Verdict.Kind.REVOKED);
        assertThat(judge(STRICT, PassState.FROZEN, PassState.FROZEN)).isEqualTo(Verdict.Kind.FROZEN);
        assertThat(judge(STRICT, PassState.ACTIVE, PassState.ACTIVE)).isEqualTo(Verdict.Kind.ALLOWED);
    }

    @Test
    void onlyAllowedAllowsUnlessAnUnavailableVerdictFailsOpen() {
        Instant at = Instant.EPOCH;
        for (Verdict.Kind kind : Verdict.Kind.values()) {
            assertThat(new Verdict(kind, Optional.empty(), at, false).allowed()).isEqualTo(kind == Verdict.Kind.ALLOWED);
        }
        assertThat(new Verdict(Verdict.Kind.UNAVAILABLE, Optional.empty(), at, false, true).allowed()).isTrue();
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new Verdict(Verdict.Kind.FROZEN, Optional.empty(), at, false, true));
    }
}
