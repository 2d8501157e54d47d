package io.civicpass.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.testkit.RecordedRequest;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.testkit.tck.ContractHarness.Calls;
import io.civicpass.testkit.tck.TransportContract.Mode;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What goes on the wire: nothing for invalid input (refused before any request), and the headers
 * of every request ({@code User-Agent}, {@code Accept}, {@code Authorization}, {@code Content-Type}).
 */
abstract class RequestContract extends ContractGroup {

    /**
     * The group over the harness of its enclosing contract.
     *
     * @param harness the harness
     */
    RequestContract(ContractHarness harness) {
        super(harness);
    }

    /**
     * Invalid arguments are refused with an {@link IllegalArgumentException} naming the field,
     * before anything is sent.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void invalidInputSendsNothing(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        assertThatThrownBy(() -> civic.pii("../pass")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scopeRequestId");
        assertThatThrownBy(() -> civic.evidence("abc", "../../pass")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("evidence name");
        assertThatThrownBy(() -> civic.expireAt(key, Instant.now().minusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiryTimestamp");
        assertThatThrownBy(() -> civic.issue(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("key == null");
        assertThatThrownBy(() -> PassKey.of(ChainNetwork.SEPOLIA, "0x1234"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("walletAddress");
        assertThat(fake().journal().all()).isEmpty();
    }

    /**
     * Every request carries a {@code User-Agent} naming the library and this transport, and the
     * API requests ask for JSON.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void userAgentNamesLibraryAndTransport(Mode mode) {
        String transportName = createTransport().name();
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        civic.issue(key);
        civic.find(key);
        assertThat(fake().journal().all()).isNotEmpty().allSatisfy(request ->
                assertThat(request.header("User-Agent")).as(request.toString()).hasValueSatisfying(agent ->
                        assertThat(agent).startsWith("civicpass-java/").contains("(" + transportName + ";")));
        assertThat(fake().journal().apiRequests()).allSatisfy(request -> {
            assertThat(request.header("Accept")).as(request.toString())
                    .hasValueSatisfying(accept -> assertThat(accept).contains("application/json"));
            assertThat(request.header("Authorization")).as(request.toString())
                    .hasValueSatisfying(auth -> assertThat(auth).startsWith("Bearer "));
        });
        RecordedRequest issue = fake().journal().matching(RequestMatcher.of("POST", "/partner/pass/*/*")).get(0);
        assertThat(issue.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(issue.bodyText()).contains("walletAddress");
    }
}
