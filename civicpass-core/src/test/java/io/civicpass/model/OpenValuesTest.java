package io.civicpass.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpenValuesTest {

    @Test
    void knowsAllTwentyEightNetworksOfTheContract() {
        assertThat(ChainNetwork.known()).hasSize(28);
        assertThat(ChainNetwork.known().stream().filter(n -> n.chain().orElseThrow().equals(Chain.SOLANA)))
                .containsExactly(ChainNetwork.SOLANA_MAINNET_BETA, ChainNetwork.SOLANA_DEVNET);
        assertThat(ChainNetwork.known().stream().map(ChainNetwork::value).collect(Collectors.toSet()))
                .hasSize(28)
                .contains("mainnet-beta", "devnet", "mainnet", "sepolia", "polygonAmoy", "polygonZKEVMTestnet",
                        "avalancheCChainFuji", "xdcApothem", "fantomTestnet", "baseMainnet", "bscTestnet",
                        "xlayerMainnet", "unichainSepolia", "sonicMainnet");
    }

    @Test
    void sandboxNetworksAreTheTwelveTestnetsCivicLists() {
        assertThat(ChainNetwork.known().stream().filter(ChainNetwork::isSandboxSupported).map(ChainNetwork::value))
                .containsExactlyInAnyOrder("devnet", "polygonAmoy", "sepolia", "baseSepolia", "arbitrumSepolia",
                        "optimismSepolia", "bscTestnet", "xdcApothem", "xlayerTestnet", "avalancheCChainFuji",
                        "unichainSepolia", "sonicTestnet");
    }

    @Test
    void ofReturnsTheConstantForKnownValues() {
        assertThat(ChainNetwork.of("sepolia")).isSameAs(ChainNetwork.SEPOLIA);
        assertThat(Chain.of("solana")).isSameAs(Chain.SOLANA);
        assertThat(PassState.of("FROZEN")).isSameAs(PassState.FROZEN);
        assertThat(EventType.of("TOKEN_ISSUED")).isSameAs(EventType.TOKEN_ISSUED);
        assertThat(PiiStatus.of("partner-pass")).isSameAs(PiiStatus.PARTNER_PASS);
        assertThat(TransactionStatus.of("confirmed")).isSameAs(TransactionStatus.CONFIRMED);
    }

    @Test
    void ofKeepsUnknownValuesInsteadOfFailing() {
        ChainNetwork retired = ChainNetwork.of("goerli");
        assertThat(retired.isKnown()).isFalse();
        assertThat(retired.value()).isEqualTo("goerli");
        assertThat(retired.chain()).isEmpty();
        assertThat(retired).isEqualTo(ChainNetwork.of("goerli")).isNotEqualTo(ChainNetwork.SEPOLIA);
        assertThat(PassState.of("EXPIRED").isKnown()).isFalse();
        assertThat(EventType.of("TOKEN_BURNED").value()).isEqualTo("TOKEN_BURNED");
        assertThat(PiiStatus.of("expired").toString()).isEqualTo("expired");
    }

    @Test
    void valuesOfDifferentSetsAreNeverEqual() {
        assertThat((Object) PassState.of("mainnet")).isNotEqualTo(ChainNetwork.of("mainnet"));
    }

    @Test
    void ofRejectsValuesThatCouldNotBeAPathSegment() {
        assertThatThrownBy(() -> ChainNetwork.of("../oauth")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chainNetwork '../oauth'");
        assertThatThrownBy(() -> Chain.of("")).hasMessageContaining("chain ''");
        assertThatThrownBy(() -> PassState.of(null)).isInstanceOf(NullPointerException.class).hasMessage("state == null");
        assertThatThrownBy(() -> ChainNetwork.of("sepolia?x=1")).hasMessageContaining("chainNetwork");
    }

    @Test
    void networkBelongsToItsChainOnly() {
        assertThat(ChainNetwork.SEPOLIA.belongsTo(Chain.ETHEREUM)).isTrue();
        assertThat(ChainNetwork.SEPOLIA.belongsTo(Chain.SOLANA)).isFalse();
        assertThat(ChainNetwork.of("newnet").belongsTo(Chain.SOLANA)).isTrue();
    }

    @Test
    void initiatedEventsKnowTheirConfirmation() {
        assertThat(EventType.TOKEN_FROZEN_INITIATED.isInitiated()).isTrue();
        assertThat(EventType.TOKEN_FROZEN_INITIATED.confirmation()).contains(EventType.TOKEN_FROZEN);
        assertThat(EventType.TOKEN_EXPIRY_CHANGED_INITIATED.confirmation()).contains(EventType.TOKEN_EXPIRY_CHANGED);
        assertThat(EventType.TOKEN_ISSUED.confirmation()).isEmpty();
        assertThat(EventType.of("TOKEN_BURNED_INITIATED").confirmation()).contains(EventType.of("TOKEN_BURNED"));
    }
}
