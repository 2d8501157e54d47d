package io.civicpass.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassModelTest {

    static final String EVM = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";
    static final String SOL = "4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ";

    @Test
    void passKeyTakesTheChainFromAKnownNetwork() {
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, EVM);
        assertThat(key.chain()).isEqualTo(Chain.ETHEREUM);
        assertThat(key.toString()).isEqualTo("ethereum:sepolia:" + EVM);
    }

    @Test
    void passKeyRejectsANetworkOfTheOtherChain() {
        assertThatThrownBy(() -> PassKey.of(Chain.SOLANA, ChainNetwork.SEPOLIA, SOL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chainNetwork 'sepolia' is a network of ethereum, not of chain 'solana'");
    }

    @Test
    void passKeyRejectsAWalletOfTheOtherChain() {
        assertThatThrownBy(() -> PassKey.of(ChainNetwork.SOLANA_DEVNET, EVM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("walletAddress '" + EVM + "'");
        assertThatThrownBy(() -> new PassKey(Chain.ETHEREUM, ChainNetwork.SEPOLIA, WalletAddress.solana(SOL)))
                .hasMessageContaining("validated for chain 'solana'");
    }

    @Test
    void passKeyForAnUnknownNetworkNeedsTheChain() {
        assertThatThrownBy(() -> PassKey.of(ChainNetwork.of("newnet"), EVM))
                .hasMessageContaining("chainNetwork 'newnet' is not a network this version knows");
        assertThat(PassKey.of(Chain.ETHEREUM, ChainNetwork.of("newnet"), EVM).network().value()).isEqualTo("newnet");
    }

    @Test
    void passKeyRejectsNulls() {
        assertThatThrownBy(() -> new PassKey(null, ChainNetwork.SEPOLIA, WalletAddress.ethereum(EVM)))
                .isInstanceOf(NullPointerException.class).hasMessage("chain == null");
        assertThatThrownBy(() -> new PassKey(Chain.ETHEREUM, null, WalletAddress.ethereum(EVM)))
                .isInstanceOf(NullPointerException.class).hasMessage("chainNetwork == null");
        assertThatThrownBy(() -> PassKey.of((ChainNetwork) null, EVM))
                .isInstanceOf(NullPointerException.class).hasMessage("chainNetwork == null");
        assertThatThrownBy(() -> new PassKey(Chain.ETHEREUM, ChainNetwork.SEPOLIA, null))
                .isInstanceOf(NullPointerException.class).hasMessage("walletAddress == null");
    }

    @Test
    void gatekeeperNetworkMustBeA32ByteBase58Key() {
        assertThat(GatekeeperNetwork.SANDBOX.value()).isEqualTo("tgnuXXNMDLK8dy7Xm1TdeGyc95MDym4bvAQCwcW21Bf");
        assertThatThrownBy(() -> GatekeeperNetwork.of("tgnu")).hasMessageContaining("gatekeeperNetwork 'tgnu'");
        assertThatThrownBy(() -> GatekeeperNetwork.of("")).hasMessageContaining("gatekeeperNetwork must not be blank");
    }

    @Test
    void queryBoundsAreChecked() {
        assertThat(PassQuery.all().limit()).isEqualTo(20);
        assertThat(PassQuery.all().withLimit(PassQuery.MAX_LIMIT).limit()).isEqualTo(100);
        assertThatThrownBy(() -> PassQuery.all().withLimit(0)).hasMessage("limit must be between 1 and 100, was 0");
        assertThatThrownBy(() -> PassQuery.all().withLimit(101)).hasMessage("limit must be between 1 and 100, was 101");
        assertThatThrownBy(() -> PassQuery.all().withSkip(-1)).hasMessage("skip must not be negative, was -1");
        assertThat(PassQuery.all().withLimit(5).withSkip(10).nextPage().skip()).isEqualTo(15);
    }

    @Test
    void pageHasNextOnlyWhenFull() {
        Pass pass = pass(PassState.ACTIVE, PassState.ACTIVE, List.of());
        assertThat(new Page<>(List.of(pass, pass), PassQuery.all().withLimit(2)).hasNext()).isTrue();
        assertThat(new Page<>(List.of(pass), PassQuery.all().withLimit(2)).hasNext()).isFalse();
    }

    @Test
    void updateAllowsOnlyFreezeUnfreezeAndExpiry() {
        assertThat(PassUpdate.freeze().state()).isEqualTo(PassState.FROZEN);
        assertThat(PassUpdate.unfreeze().state()).isEqualTo(PassState.ACTIVE);
        assertThatThrownBy(() -> new PassUpdate(PassState.REVOKED, null)).hasMessageContaining("(use revoke)");
        assertThatThrownBy(() -> new PassUpdate(null, null)).hasMessageContaining("must set state or expiryTimestamp");
        assertThatThrownBy(() -> PassUpdate.expireAt(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("expiryTimestamp == null");
    }

    @Test
    void passIsSettledOnlyWhenEveryInitiatedEventIsConfirmedAndStatesAgree() {
        Instant t = Instant.ofEpochSecond(1677588899);
        PassEvent issuing = new PassEvent(EventType.TOKEN_ISSUED_INITIATED, t, null);
        PassEvent issued = new PassEvent(EventType.TOKEN_ISSUED, t.plusSeconds(5),
                new Transaction("abc", TransactionStatus.CONFIRMED));
        PassEvent freezing = new PassEvent(EventType.TOKEN_FROZEN_INITIATED, t.plusSeconds(9), null);
        assertThat(pass(PassState.ACTIVE, PassState.ACTIVE, List.of(issuing)).isSettled()).isFalse();
        assertThat(pass(PassState.ACTIVE, PassState.ACTIVE, List.of(issuing, issued)).isSettled()).isTrue();
        assertThat(pass(PassState.FROZEN, PassState.ACTIVE, List.of(issuing, issued, freezing)).isSettled()).isFalse();
        assertThat(pass(PassState.FROZEN, PassState.FROZEN, List.of(issuing, issued, freezing)).isSettled()).isFalse();
        assertThat(pass(PassState.ACTIVE, PassState.ACTIVE, List.of(issued, issuing)).isSettled())
                .as("a confirmation before its initiation does not count").isFalse();
        assertThat(pass(PassState.ACTIVE, PassState.ACTIVE, List.of(issuing, issued)).latestEvent()).contains(issued);
    }

    static Pass pass(PassState state, PassState onChain, List<PassEvent> events) {
        return new Pass("63fdf96c58f1ae40a26a89be", Chain.ETHEREUM, ChainNetwork.SEPOLIA,
                GatekeeperNetwork.SANDBOX.value(), EVM, state, onChain, events);
    }
}
