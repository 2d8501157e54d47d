package io.civicpass.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.CallOptions;
import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.RetryPolicy;
import io.civicpass.error.CivicApiException;
import io.civicpass.error.CivicTransportException;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportException;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RecordedRequest;
import io.civicpass.testkit.RequestMatcher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport against the fake Civic API over real sockets. */
class VertxTransportFakeCivicTest {

    /** Far beyond the fake's confirmation delay; the waits end as soon as the pass is confirmed. */
    private static final Duration CONFIRMATION_TIMEOUT = Duration.ofSeconds(10);

    private static Vertx vertx;
    private static FakeCivic fake;

    @BeforeAll
    static void start() {
        vertx = TestContexts.watchedVertx();
        fake = FakeCivic.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fake != null) {
            fake.close();
        }
        TestContexts.close(vertx);
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    @Test
    void aBurstOfConcurrentCallsNeverBlocksAnEventLoop() throws Exception {
        // Timeouts far beyond the burst's length even on a loaded machine: the test counts every
        // request, so a timeout and its retry would read as a resend.
        CivicPassConfig patient = fake.configBuilder().requestTimeout(Duration.ofSeconds(40))
                .retryPolicy(RetryPolicy.builder().totalTimeout(Duration.ofSeconds(40)).build()).build();
        try (CivicPassAsyncClient client = CivicPassClient.builder().config(patient)
                .transport(VertxTransport.create(vertx)).buildAsync();
             BlockedThreadWarnings warnings = BlockedThreadWarnings.install()) {
            // Warm up (class loading, JIT, the token), then watch only the burst itself.
            PassKey warmUp = Wallets.randomSepoliaKey();
            client.issue(warmUp).thenCompose(issued -> client.find(warmUp))
                    .thenCompose(found -> client.list(PassQuery.all().withLimit(5))).toCompletableFuture().get(10, TimeUnit.SECONDS);
            warnings.clear();
            fake.journal().clear();

            List<PassKey> keys = new ArrayList<>();
            List<CompletableFuture<?>> calls = new ArrayList<>();
            // Launched from event loops, as request handlers of a verticle would, 10 calls a task.
            List<CompletableFuture<Void>> launches = new ArrayList<>();
            for (int batch = 0; batch < 100; batch++) {
                int first = batch * 10;
                CompletableFuture<Void> launched = new CompletableFuture<>();
                launches.add(launched);
                vertx.runOnContext(ignored -> {
                    List<PassKey> batchKeys = new ArrayList<>();
                    List<CompletableFuture<?>> batchCalls = new ArrayList<>();
                    for (int i = first; i < first + 10; i++) {
                        if (i % 4 < 2) {
                            PassKey key = Wallets.randomSepoliaKey();
                            batchKeys.add(key);
                            batchCalls.add(client.issue(key).toCompletableFuture());
                        } else if (i % 4 == 2) {
                            batchCalls.add(client.find(Wallets.randomSepoliaKey()).toCompletableFuture());
                        } else {
                            batchCalls.add(client.list(PassQuery.all().withLimit(5)).toCompletableFuture());
                        }
                    }
                    synchronized (calls) {
                        keys.addAll(batchKeys);
                        calls.addAll(batchCalls);
                    }
                    launched.complete(null);
                });
            }
            CompletableFuture.allOf(launches.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(45, TimeUnit.SECONDS);

            assertThat(calls).hasSize(1000).allSatisfy(call -> assertThat(call).isCompleted().isNotCompletedExceptionally());
            assertThat(fake.journal().apiRequests()).hasSize(1000);
            assertThat(fake.journal().tokenRequests()).isEmpty(); // the warmed-up token served them all
            assertThat(keys).allSatisfy(key -> assertThat(fake.pass(key)).isPresent());
            assertThat(warnings.warnings()).as("blocked-thread warnings during the burst").isEmpty();
        }
    }

    @Test
    void issueSendsTheContractsMethodPathHeadersAndBody() throws Exception {
        try (CivicPassAsyncClient client = CivicPassClient.builder().config(fake.config())
                .transport(VertxTransport.create(vertx)).buildAsync()) {
            PassKey key = Wallets.randomSepoliaKey();
            Pass issued = client.issue(key).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(issued.key()).isEqualTo(key);

            RecordedRequest issue = fake.journal().apiRequests().get(0);
            assertThat(issue.method()).isEqualTo("POST");
            assertThat(issue.path()).isEqualTo("/partner/pass/ethereum/sepolia");
            assertThat(issue.header("User-Agent")).contains(client.userAgent());
            assertThat(issue.header("Accept")).contains("application/json");
            assertThat(issue.header("Content-Type")).contains("application/json");
            assertThat(issue.header("Authorization")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer "));
            assertThat(issue.bodyText()).contains(key.wallet().value());
        }
    }

    @Test
    void aGivenWebClientSendsTheClientsUserAgentAndStaysOpen() throws Exception {
        WebClient webClient = WebClient.create(vertx); // its own User-Agent is on by default
        try {
            CivicPassAsyncClient client = CivicPassClient.builder().config(fake.config())
                    .transport(VertxTransport.builder().vertx(vertx).webClient(webClient).build()).buildAsync();
            Page<Pass> page = client.list(PassQuery.all()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(page.items()).isEmpty();
            assertThat(fake.journal().apiRequests().get(0).header("User-Agent")).contains(client.userAgent());

            client.close();

            // Still usable: it answers (the fake refuses the missing token) instead of "client closed".
            int status = webClient.getAbs(fake.apiUrl() + "/pass/ethereum/sepolia/0x0000000000000000000000000000000000000001")
                    .send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).statusCode();
            assertThat(status).isEqualTo(401);
        } finally {
            webClient.close();
        }
    }

    @Test
    void aSlowResponseIsATimeout() {
        try (CivicPassAsyncClient client = CivicPassClient.builder()
                .config(fake.configBuilder().retryPolicy(RetryPolicy.none()).requestTimeout(Duration.ofMillis(300)).build())
                .transport(VertxTransport.create(vertx)).buildAsync()) {
            client.list(PassQuery.all()).toCompletableFuture().join(); // token first, so the fault hits the API call
            fake.inject(Fault.latency(Duration.ofSeconds(2)), RequestMatcher.apiRequests(), 1);

            assertThatThrownBy(() -> client.list(PassQuery.all()).toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(CivicTransportException.class,
                            failure -> assertThat(failure.kind()).isEqualTo(CivicTransportException.Kind.TIMEOUT));
        }
    }

    @Test
    void aDroppedConnectionIsAnIoFailure() {
        try (CivicPassAsyncClient client = CivicPassClient.builder()
                .config(fake.configBuilder().retryPolicy(RetryPolicy.none()).build())
                .transport(VertxTransport.create(vertx)).buildAsync()) {
            client.list(PassQuery.all()).toCompletableFuture().join();
            fake.inject(Fault.connectionReset(), RequestMatcher.apiRequests(), 1);

            assertThatThrownBy(() -> client.list(PassQuery.all()).toCompletableFuture().join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(CivicTransportException.class,
                            failure -> assertThat(failure.kind()).isEqualTo(CivicTransportException.Kind.IO));
        }
    }

    @Test
    void theBlockingClientWorksOffTheEventLoop() {
        try (CivicPassClient client = CivicPassClient.builder().config(fake.config())
                .transport(VertxTransport.create(vertx)).build()) {
            PassKey key = Wallets.randomSepoliaKey();
            client.issue(key);
            // A new pass is 404 to update until its issuance confirms, as on Civic: wait for that.
            assertThat(client.awaitConfirmed(key, CONFIRMATION_TIMEOUT).state()).isEqualTo(PassState.ACTIVE);
            client.freeze(key);
            assertThat(client.find(key)).hasValueSatisfying(pass -> assertThat(pass.state()).isEqualTo(PassState.FROZEN));
        }
    }

    @Test
    void futureResultsArriveOnTheCallersContext() throws Exception {
        try (VertxCivicPass civic = VertxCivicPass.create(vertx, fake.config())) {
            // Both callers wait on the same slow token request, which completes on one context;
            // each must still get its result back on its own.
            fake.inject(Fault.latency(Duration.ofMillis(300)), RequestMatcher.tokenRequests(), 1);
            Context first = vertx.getOrCreateContext();
            Context second = vertx.getOrCreateContext();
            assertThat(first).isNotSameAs(second);

            CompletableFuture<Boolean> firstOnOwnContext = new CompletableFuture<>();
            CompletableFuture<Boolean> secondOnOwnContext = new CompletableFuture<>();
            first.runOnContext(ignored -> civic.list(PassQuery.all())
                    .onComplete(done -> firstOnOwnContext.complete(done.succeeded() && Vertx.currentContext() == first)));
            second.runOnContext(ignored -> civic.find(Wallets.randomSepoliaKey())
                    .onComplete(done -> secondOnOwnContext.complete(done.succeeded() && Vertx.currentContext() == second)));

            assertThat(firstOnOwnContext.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(secondOnOwnContext.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(fake.journal().tokenRequests()).hasSize(1);
        }
    }

    @Test
    void futureFaceComposesTheClientsOperations() throws Exception {
        try (VertxCivicPass civic = VertxCivicPass.create(vertx, fake.config())) {
            PassKey key = Wallets.randomSepoliaKey();
            Future<Optional<Pass>> found = civic.issue(key)
                    .compose(issued -> civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT))
                    .compose(confirmed -> civic.freeze(key))
                    .compose(frozen -> civic.find(key));
            Optional<Pass> pass = found.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(pass).hasValueSatisfying(p -> assertThat(p.state()).isEqualTo(PassState.FROZEN));
        }
    }

    @Test
    void exampleVerticleIssuesAndLooksUpAPass() throws Exception {
        PassKey key = Wallets.randomSepoliaKey();
        CompletableFuture<String> published = new CompletableFuture<>();
        var consumer = vertx.eventBus().<String>consumer(ExamplePassVerticle.ADDRESS, message -> published.complete(message.body()));
        consumer.completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        try {
            String deployment = vertx.deployVerticle(new ExamplePassVerticle(fake.config(), key))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(published.get(10, TimeUnit.SECONDS)).isEqualTo("ACTIVE");
            assertThat(fake.pass(key)).isPresent();
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            consumer.unregister();
        }
    }

    @Test
    void redirectsStayOffEvenWhenTheGivenOptionsTurnThemOn() {
        VertxTransport transport = VertxTransport.builder().vertx(vertx)
                .webClientOptions(new WebClientOptions().setFollowRedirects(true).setMaxRedirects(5))
                .poolOptions(new PoolOptions().setHttp1MaxSize(2))
                .build();
        try (CivicPassClient client = CivicPassClient.builder()
                .config(fake.configBuilder().retryPolicy(RetryPolicy.none()).build()).transport(transport).build()) {
            PassKey key = Wallets.randomSepoliaKey();
            fake.seedPass(key, PassState.ACTIVE);
            fake.inject(Fault.status(307).withHeader("Location", fake.apiUrl() + "/pass"), RequestMatcher.apiRequests(), 1);

            assertThatThrownBy(() -> client.get(key)).isInstanceOfSatisfying(CivicApiException.class,
                    failure -> assertThat(failure.status()).isEqualTo(307));
            assertThat(fake.journal().apiRequests()).hasSize(1);
        }
    }

    @Test
    void aClosedConnectionFailsWithTheSpisExceptionNotVertxs() {
        TransportConnection connection = VertxTransport.create(vertx).connect(TestContexts.settings());
        connection.close(); // closes the WebClient it created

        assertThatThrownBy(() -> connection.async().orElseThrow()
                .execute(TestContexts.get(fake.apiUrl() + "/pass/ethereum/sepolia", Duration.ofSeconds(2))).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(TransportException.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(TransportException.Kind.CONNECT);
                    assertThat(failure.mayHaveBeenSent()).isFalse();
                });
        assertThat(fake.journal().all()).isEmpty();
    }

    @Test
    void wrappedClientStaysOpenWhenTheFutureFaceCloses() throws Exception {
        try (CivicPassAsyncClient client = CivicPassClient.builder().config(fake.config())
                .transport(VertxTransport.create(vertx)).buildAsync()) {
            VertxCivicPass civic = VertxCivicPass.wrap(vertx, client);
            assertThat(civic.asyncClient()).isSameAs(client);
            civic.close();

            assertThat(client.list(PassQuery.all()).toCompletableFuture().get(10, TimeUnit.SECONDS).items()).isEmpty();
        }
    }

    @Test
    void closingAViewOfTheFutureFacesClientLeavesTheFutureFaceUsable() throws Exception {
        try (VertxCivicPass civic = VertxCivicPass.create(vertx, fake.config())) {
            List<String> requestIds = new CopyOnWriteArrayList<>();
            CivicPassAsyncClient view = civic.asyncClient().withOptions(CallOptions.builder()
                    .onRequestId(requestIds::add).build());
            // The Future face over a view owns nothing either: closing it and the view ends neither.
            VertxCivicPass overView = VertxCivicPass.wrap(vertx, view);
            assertThat(overView.list(PassQuery.all()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                    .items()).isEmpty();
            overView.close();
            view.close();

            PassKey key = Wallets.randomSepoliaKey();
            Pass confirmed = civic.issue(key).compose(issued -> civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(confirmed.onChainState()).isEqualTo(PassState.ACTIVE);
            assertThat(view.get(key).toCompletableFuture().get(10, TimeUnit.SECONDS).key()).isEqualTo(key);
            assertThat(requestIds).as("one request id per call through the view").hasSize(2);
        }
    }
}
