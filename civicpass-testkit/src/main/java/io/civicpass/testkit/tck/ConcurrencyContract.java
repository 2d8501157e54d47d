package io.civicpass.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassClient;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.testkit.tck.TransportContract.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Concurrency: 32 threads of mixed calls on one blocking client, 32 concurrent calls on one
 * non-blocking client, and the non-blocking face of a blocking client.
 */
abstract class ConcurrencyContract extends ContractGroup {

    /**
     * The group over the harness of its enclosing contract.
     *
     * @param harness the harness
     */
    ConcurrencyContract(ContractHarness harness) {
        super(harness);
    }

    /**
     * 32 threads of mixed calls on one shared client: no failure, nothing lost, one token request.
     *
     * @throws Exception when the pool fails
     */
    @Test
    void concurrentCallsOnOneClient() throws Exception {
        CivicPassClient civic = syncClient(UnaryOperator.identity());
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Pass>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
                boolean freeze = i % 2 == 0;
                results.add(pool.submit(() -> {
                    civic.issue(key);
                    // Civic shows a new pass only once its issuance is confirmed
                    civic.awaitConfirmed(key, TransportContract.CONFIRMATION_TIMEOUT);
                    civic.list(PassQuery.all().withLimit(5));
                    if (freeze) {
                        civic.freeze(key);
                    }
                    return civic.get(key);
                }));
            }
            for (Future<Pass> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake().passes()).hasSize(threads);
        assertThat(fake().passes().stream().filter(p -> p.state().equals(PassState.FROZEN))).hasSize(threads / 2);
        assertThat(fake().journal().tokenRequests()).hasSize(1);
    }

    /**
     * 32 concurrent non-blocking issues on one client all complete, one pass each.
     *
     * @param mode the non-blocking face
     */
    @ParameterizedTest
    @MethodSource("nonBlockingFaces")
    void concurrentAsyncCalls(Mode mode) {
        AdaptedFace.Calls civic = stages(mode, asyncClient(UnaryOperator.identity()));
        List<CompletableFuture<Pass>> issued = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            issued.add(civic.issue(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet())).toCompletableFuture());
        }
        CompletableFuture.allOf(issued.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(fake().passes()).hasSize(32);
        assertThat(fake().journal().tokenRequests()).hasSize(1);
    }

    /** The non-blocking face of a blocking client ({@code client.async()}) works over the transport. */
    @Test
    void asyncFaceOfSyncClient() {
        CivicPassClient civic = syncClient(UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        Pass issued = civic.async().issue(key).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(issued.walletAddress()).isEqualTo(key.wallet().value());
        assertThat(civic.async().awaitConfirmed(key, TransportContract.CONFIRMATION_TIMEOUT).toCompletableFuture()
                .orTimeout(10, TimeUnit.SECONDS).join().id()).isEqualTo(issued.id());
        assertThat(fake().journal().tokenRequests()).hasSize(1);
    }
}
