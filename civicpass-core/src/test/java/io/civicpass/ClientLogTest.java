package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.error.AuthenticationException;
import io.civicpass.error.ServerException;
import io.civicpass.event.CallListener;
import io.civicpass.event.CallStarted;
import io.civicpass.event.CivicPassListener;
import io.civicpass.model.AccessToken;
import io.civicpass.model.PassQuery;
import io.civicpass.port.TokenSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's own log ({@link System.Logger} {@code io.civicpass}): the warnings it writes for
 * what a user must hear of, and that no line holds the client secret, a token or a wallet.
 */
class ClientLogTest {

    private static final String SECRET = CivicPassClientTest.CONFIG.credentials().clientSecret();
    private static final String WALLET = CivicPassClientTest.KEY.wallet().value();

    final HandWrittenTransport transport = new HandWrittenTransport();
    final CapturedLog log = CapturedLog.start();

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    @Test
    void aCallThatGivesUpAfterRetryingWarnsOnceNamingItsOperationAttemptsAndErrorType() {
        transport.listFailureStatus = 503;
        transport.listFailureFromSkip = 0;
        try (CivicPassClient client = client(CivicPassListener.NONE)) {
            assertThatThrownBy(() -> client.list(PassQuery.all())).isInstanceOf(ServerException.class);
        }
        assertThat(log.warnings()).singleElement().asString()
                .startsWith("WARNING civicpass list gave up after 3 attempts in ")
                .endsWith(" ms: " + ServerException.class.getSimpleName());
        assertNoSecretIn(log.lines());
    }

    @Test
    void aListenerThatThrowsIsLoggedByItsTypeNotByItsMessage() {
        CivicPassListener throwing = new CivicPassListener() {
            @Override
            public CallListener callStarted(CallStarted call) {
                throw new IllegalStateException("listener message quoting " + SECRET + " and " + WALLET);
            }
        };
        try (CivicPassClient client = client(throwing)) {
            assertThat(client.find(CivicPassClientTest.KEY)).as("the call goes on").isEmpty();
        }
        assertThat(log.warnings()).singleElement().isEqualTo("WARNING a Civic Pass client listener threw "
                + IllegalStateException.class.getName() + "; the call goes on");
        assertNoSecretIn(log.lines());
    }

    @Test
    void aFailedTokenFetchWarnsWithTheErrorTypeOnly() {
        TokenSource refusing = new TokenSource() {
            @Override
            public AccessToken fetch() {
                throw new AuthenticationException(401, "POST", "/oauth/token", "access_denied " + SECRET, null);
            }

            @Override
            public CompletionStage<AccessToken> fetchAsync() {
                return CompletableFuture.failedFuture(new AuthenticationException(401, "POST", "/oauth/token",
                        "access_denied " + SECRET, null));
            }
        };
        try (CivicPassClient client = CivicPassClient.builder().config(CivicPassClientTest.CONFIG).transport(transport)
                .tokenSource(refusing).build()) {
            assertThatThrownBy(() -> client.find(CivicPassClientTest.KEY)).isInstanceOf(AuthenticationException.class);
        }
        assertThat(log.warnings()).isNotEmpty().allSatisfy(line -> assertThat(line)
                .startsWith("WARNING civicpass token fetch (cold) failure in ")
                .endsWith(" ms: " + AuthenticationException.class.getSimpleName()));
        assertNoSecretIn(log.lines());
    }

    @Test
    void successfulCallsWriteNoWarningAndTheirDebugLinesNameThePathTemplateNotTheWallet() {
        try (CivicPassClient client = client(CivicPassListener.NONE)) {
            client.issue(CivicPassClientTest.KEY);
            client.get(CivicPassClientTest.KEY);
        }
        assertThat(log.warnings()).isEmpty();
        // System.Logger's DEBUG is java.util.logging's FINE.
        assertThat(log.lines()).as("debug lines, one per attempt and per token fetch")
                .anyMatch(line -> line.startsWith("FINE civicpass token fetch (cold) success in "))
                .anyMatch(line -> line.startsWith("FINE civicpass issue attempt 1 POST /pass/{chain}/{chainNetwork} -> 202"))
                .anyMatch(line -> line.startsWith("FINE civicpass get attempt 1 GET /pass/{chain}/{chainNetwork}/{wallet} -> 200"));
        assertNoSecretIn(log.lines());
    }

    private CivicPassClient client(CivicPassListener listener) {
        return CivicPassClient.builder().config(CivicPassClientTest.CONFIG).transport(transport).listener(listener)
                .build();
    }

    private void assertNoSecretIn(List<String> lines) {
        assertThat(lines).allSatisfy(line -> assertThat(line.toLowerCase(Locale.ROOT))
                .doesNotContain(SECRET, WALLET.toLowerCase(Locale.ROOT), "token-1", "bearer"));
    }
}
