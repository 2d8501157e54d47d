package io.civicpass.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.RetryPolicy;
import io.civicpass.error.CivicTransportException;
import io.civicpass.model.AccessToken;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.port.TokenSource;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportException;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The blocking face refuses event-loop threads (where it would wait on itself) and works on
 * worker threads. Nothing listens on the target port, so a call that got as far as the network
 * would fail with a connect error instead of the guard's {@link IllegalStateException}.
 */
class VertxEventLoopGuardTest {

    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0x52908400098527886e0f7030069857d2e4169ee7");

    private static Vertx vertx;
    private static TransportConnection connection;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        port = TestContexts.unusedPort();
        connection = VertxTransport.create(vertx).connect(TestContexts.settings());
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        TestContexts.close(vertx);
    }

    private static String url() {
        return "http://127.0.0.1:" + port + "/partner/pass/ethereum/sepolia/" + KEY.wallet().value();
    }

    @Test
    void blockingExchangeFailsFastOnAnEventLoop() {
        HttpExchange blocking = connection.blocking().orElseThrow();
        assertThatThrownBy(() -> TestContexts.onEventLoop(vertx,
                () -> blocking.execute(TestContexts.get(url(), Duration.ofSeconds(2)))))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event-loop thread").hasMessageContaining("CivicPassAsyncClient");
    }

    @Test
    void blockingClientFailsFastOnAnEventLoop() {
        CivicPassConfig config = CivicPassConfig.builder()
                .apiUrl("http://127.0.0.1:" + port + "/partner").tokenUrl("http://127.0.0.1:" + port + "/oauth/token")
                .credentials("client-id", "client-secret").retryPolicy(RetryPolicy.none()).build();
        // A ready token: core fetches tokens through the non-blocking face, so the guard meets
        // the API call itself.
        TokenSource tokens = new TokenSource() {
            @Override
            public AccessToken fetch() {
                return new AccessToken("token-value", "Bearer", Instant.now().plusSeconds(3600), Set.of());
            }

            @Override
            public CompletionStage<AccessToken> fetchAsync() {
                return CompletableFuture.completedFuture(fetch());
            }
        };
        try (CivicPassClient client = CivicPassClient.builder().config(config).tokenSource(tokens)
                .transport(VertxTransport.create(vertx)).build()) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> TestContexts.onEventLoop(vertx, () -> client.find(KEY)))
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(failure -> assertThat(failure).rootCause().isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("event-loop thread"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1)); // fast, no wait
        }
    }

    @Test
    void blockingExchangeWorksOnAWorkerThread() throws Exception {
        HttpExchange blocking = connection.blocking().orElseThrow();
        Throwable failure = vertx.executeBlocking(() -> {
            try {
                blocking.execute(TestContexts.get(url(), Duration.ofSeconds(2)));
                return null;
            } catch (RuntimeException expected) {
                return expected;
            }
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        // It went to the network (nobody listens there) instead of being refused.
        assertThat(failure).isInstanceOfSatisfying(TransportException.class, refused -> {
            assertThat(refused.kind()).isEqualTo(TransportException.Kind.CONNECT);
            assertThat(refused.mayHaveBeenSent()).isFalse();
        });
    }

    @Test
    void blockingClientWorksOnAWorkerThread() throws Exception {
        CivicPassConfig config = CivicPassConfig.builder()
                .apiUrl("http://127.0.0.1:" + port + "/partner").tokenUrl("http://127.0.0.1:" + port + "/oauth/token")
                .credentials("client-id", "client-secret").retryPolicy(RetryPolicy.none()).build();
        try (CivicPassClient client = CivicPassClient.builder().config(config).transport(VertxTransport.create(vertx)).build()) {
            Throwable failure = vertx.executeBlocking(() -> {
                try {
                    client.find(KEY);
                    return null;
                } catch (RuntimeException expected) {
                    return expected;
                }
            }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(failure).isInstanceOfSatisfying(CivicTransportException.class,
                    refused -> assertThat(refused.kind()).isEqualTo(CivicTransportException.Kind.CONNECT));
        }
    }
}
