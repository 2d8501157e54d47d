package io.civicpass.testkit.tck;

import static io.civicpass.testkit.tck.TransportContract.CONFIRMATION_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CallOptions;
import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.error.InvalidRequestException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.EventType;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.model.WalletAddress;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.testkit.tck.ContractHarness.Calls;
import io.civicpass.testkit.tck.TransportContract.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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

    /**
     * A view made by {@code withOptions} owns nothing it shares: closing it, with
     * try-with-resources as a user would, leaves the client it came from working, and the view
     * too while the client is open; closing the client ends both. Runs on the two faces that make
     * views; {@code VertxCivicPass} makes none (its {@code wrap} of a view never closes it).
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SYNC", "ASYNC"})
    void closingAViewLeavesTheClientUsable(Mode mode) {
        List<String> requestIds = new CopyOnWriteArrayList<>();
        CallOptions options = CallOptions.builder().onRequestId(requestIds::add).build();
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, WalletAddress.toChecksumAddress(nextEvmWallet()));
        AutoCloseable client;
        Calls direct;
        Calls view;
        if (mode == Mode.SYNC) {
            CivicPassClient blocking = syncClient(UnaryOperator.identity());
            CivicPassClient closedView;
            try (CivicPassClient scoped = blocking.withOptions(options)) {
                scoped.issue(key);
                closedView = scoped;
            }
            closedView.async().close(); // the view's non-blocking face owns nothing either
            client = blocking;
            direct = new ContractHarness.SyncCalls(blocking);
            view = new ContractHarness.SyncCalls(closedView);
        } else {
            CivicPassAsyncClient nonBlocking = asyncClient(UnaryOperator.identity());
            CivicPassAsyncClient closedView;
            try (CivicPassAsyncClient scoped = nonBlocking.withOptions(options)) {
                ContractHarness.AsyncCalls.join(scoped.issue(key));
                closedView = scoped;
            }
            client = nonBlocking;
            direct = new ContractHarness.AsyncCalls(nonBlocking);
            view = new ContractHarness.AsyncCalls(closedView);
        }
        assertThat(requestIds).as("the view's call used its options").hasSize(1);

        assertThat(direct.awaitConfirmed(key, CONFIRMATION_TIMEOUT).onChainState()).isEqualTo(PassState.ACTIVE);
        view.freeze(key);
        assertThat(requestIds).as("the closed view still calls with its options").hasSize(2);
        assertThat(direct.awaitConfirmed(key, CONFIRMATION_TIMEOUT).onChainState()).isEqualTo(PassState.FROZEN);

        int sentBeforeClose = fake().journal().count(RequestMatcher.apiRequests());
        try {
            client.close();
        } catch (Exception unexpected) {
            throw new AssertionError("closing the client failed", unexpected);
        }
        IllegalStateException ended = expect(IllegalStateException.class, () -> view.get(key));
        assertThat(ended).hasMessageContaining("closed");
        assertThat(fake().journal().count(RequestMatcher.apiRequests()))
                .as("the view sends nothing once its client is closed").isEqualTo(sentBeforeClose);
    }

    /** Constants the suite checks against. */
    private static final class FakeCivicDefaults {
        static final String SANDBOX_NETWORK = io.civicpass.model.GatekeeperNetwork.SANDBOX.value();
    }
}
