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
import io.civicpass.port.TransportConnection;
import io.civicpass.port.TransportContext;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Set;
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
    private static final AccessToken TOKEN = new AccessToken("token-value", "Bearer", Instant.now().plusSeconds(3600), Set.of());

    private static Vertx vertx;
    private static TransportConnection connection;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        port = TestContexts.unusedPort();
        TransportContext context = TestContexts.context("http://127.0.0.1:" + port + "/partner",
                "http://127.0.0.1:" + port + "/oauth/token");
        connection = VertxTransport.create(vertx).connect(context);
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        TestContexts.close(vertx);
    }

    @Test
    void blockingGatewayFailsFastOnAnEventLoop() {
        assertThatThrownBy(() -> TestContexts.onEventLoop(vertx, () -> connection.gateway().retrieve(TOKEN, KEY)))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event-loop thread").hasMessageContaining("CivicPassAsyncClient");
    }

    @Test
    void blockingTokenFetchFailsFastOnAnEventLoop() {
        assertThatThrownBy(() -> TestContexts.onEventLoop(vertx, () -> connection.tokenSource().fetch()))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("TokenSource.fetch");
    }

    @Test
    void blockingClientFailsFastOnAnEventLoop() {
        CivicPassConfig config = CivicPassConfig.builder()
                .apiUrl("http://127.0.0.1:" + port + "/partner").tokenUrl("http://127.0.0.1:" + port + "/oauth/token")
                .credentials("client-id", "client-secret").retryPolicy(RetryPolicy.none()).build();
        try (CivicPassClient client = CivicPassClient.builder().config(config).transport(VertxTransport.create(vertx)).build()) {
            assertThatThrownBy(() -> TestContexts.onEventLoop(vertx, () -> client.find(KEY)))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("event-loop thread");
        }
    }

    @Test
    void blockingGatewayWorksOnAWorkerThread() throws Exception {
        Throwable failure = vertx.executeBlocking(() -> {
            try {
                connection.gateway().retrieve(TOKEN, KEY);
                return null;
            } catch (RuntimeException expected) {
                return expected;
            }
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        // It went to the network (nobody listens there) instead of being refused.
        assertThat(failure).isInstanceOf(CivicTransportException.class);
        assertThat(((CivicTransportException) failure).kind()).isEqualTo(CivicTransportException.Kind.CONNECT);
    }

}
