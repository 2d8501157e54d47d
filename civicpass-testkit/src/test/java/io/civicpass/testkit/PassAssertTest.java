package io.civicpass.testkit;

import static io.civicpass.testkit.assertj.CivicAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.model.ChainNetwork;
import io.civicpass.model.EventType;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The AssertJ pass assertions accept what holds and explain what does not. */
class PassAssertTest {

    private static final String WALLET = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";

    private static Pass frozenPass() {
        try (FakeCivic civic = FakeCivic.start()) {
            return civic.seedPass(PassKey.of(ChainNetwork.SEPOLIA, WALLET), PassState.FROZEN);
        }
    }

    @Test
    void acceptsWhatHolds() {
        assertThat(frozenPass())
                .hasState(PassState.FROZEN)
                .hasOnChainState(PassState.FROZEN)
                .isSettled()
                .hasEvent(EventType.TOKEN_FROZEN)
                .doesNotHaveEvent(EventType.TOKEN_REVOKED)
                .hasEventsInOrder(EventType.TOKEN_ISSUED, EventType.TOKEN_FROZEN)
                .hasExactlyEvents(EventType.TOKEN_ISSUED_INITIATED, EventType.TOKEN_ISSUED,
                        EventType.TOKEN_FROZEN_INITIATED, EventType.TOKEN_FROZEN)
                .hasWallet(WALLET.toLowerCase(java.util.Locale.ROOT))
                .isOnNetwork(ChainNetwork.SEPOLIA)
                .hasGatekeeperNetwork(io.civicpass.model.GatekeeperNetwork.SANDBOX.value());
    }

    @Test
    void explainsWhatDoesNotHold() {
        Pass pass = frozenPass();
        assertThatThrownBy(() -> assertThat(pass).hasState(PassState.ACTIVE))
                .isInstanceOf(AssertionError.class).hasMessageContaining("state ACTIVE but was FROZEN");
        assertThatThrownBy(() -> assertThat(pass).hasEventsInOrder(EventType.TOKEN_FROZEN, EventType.TOKEN_ISSUED))
                .isInstanceOf(AssertionError.class).hasMessageContaining("TOKEN_FROZEN_INITIATED");
        assertThatThrownBy(() -> assertThat(pass).isPending()).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThat(pass).hasOnChainState(PassState.ACTIVE)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThat(pass).hasEvent(EventType.TOKEN_REVOKED)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThat(pass).hasWallet("0x0000000000000000000000000000000000000001"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThat((Pass) null).isSettled()).isInstanceOf(AssertionError.class);
    }

    @Test
    void pendingPassIsNotSettled() {
        try (FakeCivic civic = FakeCivic.builder().confirmationDelay(Duration.ofMinutes(1)).start();
             io.civicpass.CivicPassClient client = io.civicpass.CivicPassClient.builder().config(civic.config())
                     .transport(civic.inMemoryTransport()).build()) {
            Pass issued = client.issue(PassKey.of(ChainNetwork.SEPOLIA, WALLET));
            assertThat(issued).isPending().hasExactlyEvents(EventType.TOKEN_ISSUED_INITIATED);
            assertThatThrownBy(() -> assertThat(issued).isSettled()).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("pending");
        }
    }
}
