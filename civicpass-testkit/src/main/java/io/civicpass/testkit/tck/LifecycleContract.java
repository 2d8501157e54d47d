package io.civicpass.testkit.tck;

import static io.civicpass.testkit.tck.TransportContract.CONFIRMATION_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.error.InvalidRequestException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.EventType;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.model.WalletAddress;
import io.civicpass.testkit.tck.ContractHarness.Calls;
import io.civicpass.testkit.tck.TransportContract.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pass lifecycle: issue with confirmation, freeze, unfreeze, expiry, refresh and revoke, on EVM
 * and Solana; not-found handling; seeded passes read back.
 */
abstract class LifecycleContract extends ContractGroup {

    /**
     * The group over the harness of its enclosing contract.
     *
     * @param harness the harness
     */
    LifecycleContract(ContractHarness harness) {
        super(harness);
    }

    /**
     * Issue, confirm, freeze, unfreeze, move the expiry, force a refresh, revoke, and find issuing
     * again refused.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    @Tag("operation:issuePass")
    @Tag("operation:getPass")
    @Tag("operation:patchPass")
    @Tag("operation:deletePass")
    void fullLifecycle(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, WalletAddress.toChecksumAddress(nextEvmWallet()));

        Pass issued = civic.issue(key);
        assertThat(issued.walletAddress()).isEqualToIgnoringCase(key.wallet().value());
        assertThat(issued.state()).isEqualTo(PassState.ACTIVE);
        assertThat(issued.hasEvent(EventType.TOKEN_ISSUED_INITIATED)).isTrue();
        assertThat(issued.isSettled()).isFalse();

        Pass confirmed = civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT);
        assertThat(confirmed.onChainState()).isEqualTo(PassState.ACTIVE);
        assertThat(confirmed.hasEvent(EventType.TOKEN_ISSUED)).isTrue();
        assertThat(confirmed.gatekeeperNetwork()).isEqualTo(FakeCivicDefaults.SANDBOX_NETWORK);

        civic.freeze(key);
        Pass frozen = civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT);
        assertThat(frozen.state()).isEqualTo(PassState.FROZEN);
        assertThat(frozen.onChainState()).isEqualTo(PassState.FROZEN);
        assertThat(frozen.hasEvent(EventType.TOKEN_FROZEN)).isTrue();

        civic.unfreeze(key);
        Pass unfrozen = civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT);
        assertThat(unfrozen.state()).isEqualTo(PassState.ACTIVE);
        assertThat(unfrozen.hasEvent(EventType.TOKEN_UNFROZEN)).isTrue();

        Instant expiry = Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        civic.expireAt(key, expiry);
        assertThat(civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT).hasEvent(EventType.TOKEN_EXPIRY_CHANGED)).isTrue();
        assertThat(fake().expiry(key)).contains(expiry);

        civic.forceRefresh(key);
        civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT);
        assertThat(fake().expiry(key)).hasValueSatisfying(refreshed ->
                assertThat(refreshed).isBetween(Instant.now(), Instant.now().plus(Duration.ofSeconds(30))));

        civic.revoke(key);
        Pass revoked = civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT);
        assertThat(revoked.state()).isEqualTo(PassState.REVOKED);
        assertThat(revoked.onChainState()).isEqualTo(PassState.REVOKED);
        assertThat(revoked.hasEvent(EventType.TOKEN_REVOKED)).isTrue();

        InvalidRequestException refused = expect(InvalidRequestException.class, () -> civic.issue(key));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(fake().passes()).hasSize(1);
    }

    /**
     * A Solana pass goes through issue and confirmation like an EVM one.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void solanaPass(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SOLANA_DEVNET, "4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ");
        civic.issue(key);
        Pass confirmed = civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT);
        assertThat(confirmed.walletAddress()).isEqualTo(key.wallet().value());
        assertThat(confirmed.network()).isEqualTo(ChainNetwork.SOLANA_DEVNET);
    }

    /**
     * A pass that does not exist is an empty {@code find} and a {@link PassNotFoundException}
     * from {@code get}.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    @Tag("operation:getPass")
    void missingPass(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        assertThat(civic.find(key)).isEmpty();
        PassNotFoundException absent = expect(PassNotFoundException.class, () -> civic.get(key));
        assertThat(absent.status()).isEqualTo(404);
    }

    /**
     * Existing passes read back with their state and events.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void seededPassReadsBack(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.POLYGON_AMOY, nextEvmWallet());
        Pass seeded = fake().seedPass(key, PassState.FROZEN);
        Pass read = civic.get(key);
        assertThat(read).isEqualTo(seeded);
        assertThat(read.isSettled()).isTrue();
    }

    /** Constants the suite checks against. */
    private static final class FakeCivicDefaults {
        static final String SANDBOX_NETWORK = io.civicpass.model.GatekeeperNetwork.SANDBOX.value();
    }
}
