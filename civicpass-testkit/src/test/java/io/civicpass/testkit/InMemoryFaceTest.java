package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.RetryPolicy;
import io.civicpass.error.CivicTransportException;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What is particular to the in-memory face: no sockets, timers instead of sleeping callers. */
@WithFakeCivic(confirmationDelayMillis = 50)
class InMemoryFaceTest {

    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0xea5ce8f9c81b681876dc713d33371c3e262a5888");

    @Test
    void namedInMemoryAndRecordedInTheJournal(FakeCivic civic) {
        try (CivicPassClient client = CivicPassClient.builder().config(civic.config())
                .transport(civic.inMemoryTransport()).build()) {
            client.issue(KEY);
            assertThat(civic.inMemoryTransport().name()).isEqualTo("in-memory");
            assertThat(civic.journal().tokenRequests()).hasSize(1);
            RecordedRequest issue = civic.journal().apiRequests().get(0);
            assertThat(issue.path()).isEqualTo("/partner/pass/ethereum/sepolia");
            assertThat(issue.header("User-Agent")).hasValueSatisfying(agent -> assertThat(agent).contains("(in-memory;"));
            assertThat(civic.pass(KEY)).isPresent();
        }
    }

    @Test
    void asyncLatencyDoesNotHoldTheCaller(FakeCivic civic) {
        try (CivicPassAsyncClient client = CivicPassClient.builder().config(civic.config())
                .transport(civic.inMemoryTransport()).buildAsync()) {
            client.list(io.civicpass.model.PassQuery.all()).toCompletableFuture().join(); // token first
            civic.inject(Fault.latency(Duration.ofMillis(500)), RequestMatcher.apiRequests(), 1);
            CompletableFuture<Optional<Pass>> found = client.find(KEY).toCompletableFuture();
            assertThat(found).isNotDone();
            assertThat(found.orTimeout(5, TimeUnit.SECONDS).join()).isEmpty();
        }
    }

    @Test
    void asyncTimeoutFailsTheStageWhileTheServerStillProcesses(FakeCivic civic) {
        try (CivicPassAsyncClient client = CivicPassClient.builder()
                .config(civic.configBuilder().retryPolicy(RetryPolicy.none().toBuilder().reconcileWindow(Duration.ZERO).build())
                        .requestTimeout(Duration.ofMillis(100)).build())
                .transport(civic.inMemoryTransport()).buildAsync()) {
            client.list(io.civicpass.model.PassQuery.all()).toCompletableFuture().join();
            civic.inject(Fault.latency(Duration.ofMillis(300)), RequestMatcher.of("POST", "/partner/pass/*/*"), 1);
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() ->
                    client.issue(KEY).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join());
            // the issue may have arrived, so it is not sent again: its outcome is unknown
            assertThat(failure).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(io.civicpass.error.OutcomeUnknownException.class)
                    .cause().isInstanceOfSatisfying(CivicTransportException.class,
                            e -> assertThat(e.kind()).isEqualTo(CivicTransportException.Kind.TIMEOUT));
            // as a real server would, the fake still processes the request once its delay is over
            await().atMost(Duration.ofSeconds(5)).until(() -> civic.pass(KEY).isPresent());
        }
    }

    @Test
    void droppedConnectionIsAnIoFailure(FakeCivic civic) {
        civic.seedPass(KEY, PassState.ACTIVE);
        try (CivicPassClient client = CivicPassClient.builder()
                .config(civic.configBuilder().retryPolicy(RetryPolicy.none()).build())
                .transport(civic.inMemoryTransport()).build()) {
            civic.inject(Fault.connectionReset(), RequestMatcher.apiRequests(), 1);
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> client.get(KEY));
            assertThat(failure).isInstanceOfSatisfying(CivicTransportException.class,
                    e -> assertThat(e.kind()).isEqualTo(CivicTransportException.Kind.IO));
            assertThat(failure.getCause()).isInstanceOfSatisfying(io.civicpass.spi.TransportException.class,
                    e -> assertThat(e.mayHaveBeenSent()).isTrue());
        }
    }

    @Test
    void resetBetweenTestsLeavesNothingBehind(FakeCivic civic) {
        assertThat(civic.passes()).isEmpty();
        assertThat(civic.journal().all()).isEmpty();
    }
}
