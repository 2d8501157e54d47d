package io.civicpass.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.RetryPolicy;
import io.civicpass.error.AuthenticationException;
import io.civicpass.error.InvalidResponseException;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.ClientCredentials;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.TokenRequestStyle;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RecordedRequest;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.testkit.tck.ContractHarness.Calls;
import io.civicpass.testkit.tck.TransportContract.Mode;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tokens: reuse across calls, both token request styles, expiry by the shared clock, recovery
 * from a revoked token, wrong credentials, and an unusable token response.
 */
abstract class TokenContract extends ContractGroup {

    /**
     * The group over the harness of its enclosing contract.
     *
     * @param harness the harness
     */
    TokenContract(ContractHarness harness) {
        super(harness);
    }

    /**
     * Many calls share one token: exactly one token request.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    @Tag("operation:token")
    void tokenIsReused(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        for (int i = 0; i < 10; i++) {
            civic.find(key);
        }
        civic.list(PassQuery.all());
        assertThat(fake().journal().tokenRequests()).hasSize(1);
        assertThat(fake().journal().apiRequests()).hasSize(11);
    }

    /**
     * Both token request styles obtain a token, each sent as Civic documents it.
     *
     * @param style the style
     */
    @ParameterizedTest
    @EnumSource(TokenRequestStyle.class)
    @Tag("operation:token")
    void bothTokenRequestStyles(TokenRequestStyle style) {
        CivicPassClient civic = syncClient(config -> config.tokenRequestStyle(style));
        civic.find(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet()));
        List<RecordedRequest> tokenRequests = fake().journal().tokenRequests();
        assertThat(tokenRequests).hasSize(1);
        RecordedRequest sent = tokenRequests.get(0);
        assertThat(sent.method()).isEqualTo("POST");
        if (style == TokenRequestStyle.BASIC_FORM) {
            assertThat(sent.header("Authorization")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic "));
            assertThat(sent.header("Content-Type")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("application/x-www-form-urlencoded"));
            assertThat(sent.bodyText()).isEqualTo("grant_type=client_credentials");
        } else {
            assertThat(sent.header("Authorization")).isEmpty();
            assertThat(sent.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(sent.bodyText()).contains("\"client_id\"", "\"client_secret\"", "\"grant_type\"",
                    "client_credentials");
        }
    }

    /**
     * A token past its lifetime (by the shared clock) is replaced before use: one more token
     * request, no refused call.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void expiredTokenIsReplaced(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        civic.find(key);
        fake().clock().advance(FakeCivic.DEFAULT_TOKEN_LIFETIME.plusMinutes(1));
        civic.find(key);
        assertThat(fake().journal().tokenRequests()).hasSize(2);
        assertThat(fake().journal().apiRequests()).hasSize(2);
    }

    /**
     * A token the API stops accepting (401) is replaced once and the call repeated.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void recoversFromRevokedToken(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake().seedPass(key, PassState.ACTIVE);
        civic.get(key);
        fake().revokeTokens();
        assertThat(civic.get(key).walletAddress()).isEqualTo(key.wallet().value());
        assertThat(fake().journal().tokenRequests()).hasSize(2);
        assertThat(fake().journal().apiRequests()).hasSize(3);
    }

    /**
     * Wrong credentials fail with {@link AuthenticationException} and no API request is sent.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    @Tag("operation:token")
    void wrongCredentialsRefused(Mode mode) {
        Calls civic = calls(mode, config -> config.credentials(
                ClientCredentials.of(CivicPassConfig.SANDBOX_CREDENTIALS.clientId(), "not-the-secret-x")));
        AuthenticationException refused = expect(AuthenticationException.class,
                () -> civic.find(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet())));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(fake().journal().apiRequests()).isEmpty();
        assertThat(refused).hasMessageNotContaining("not-the-secret-x");
    }

    /**
     * A token response cut short is an {@link InvalidResponseException} that does not quote the
     * partial token.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void unusableTokenResponseMapped(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none()));
        fake().inject(Fault.truncatedBody(), RequestMatcher.tokenRequests(), 1);
        InvalidResponseException failure = expect(InvalidResponseException.class,
                () -> civic.find(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet())));
        assertThat(failure).hasMessageNotContaining("eyJ");
    }
}
