package io.civicpass.examples;

import static io.civicpass.testkit.assertj.CivicAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.EventType;
import io.civicpass.model.Evidence;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiStatus;
import io.civicpass.retrofit.RetrofitTransport;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.FakeCivicExtension;
import io.civicpass.testkit.PiiSeed;
import io.civicpass.testkit.RecordedRequest;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.vertx.VertxTransport;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's snippets, run against the fake: what the README shows works as it says. */
class ReadmeExamplesTest {

    @RegisterExtension
    static FakeCivicExtension civic = FakeCivicExtension.builder().perClass().build();

    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theQuickstartWalksAPassToItsRevocationOnANewWalletEachRun(FakeCivic fake) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream standardOut = System.out;
        Pass first;
        Pass second;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            first = Lifecycle.run(fake.config());
            second = Lifecycle.run(fake.config()); // a second reader: revoking the first pass refuses nothing
        } finally {
            System.setOut(standardOut);
        }

        assertThat(first.key()).isNotEqualTo(second.key());
        for (Pass confirmed : List.of(first, second)) {
            assertThat(confirmed).hasState(PassState.ACTIVE).hasOnChainState(PassState.ACTIVE).isSettled();
            assertThat(fake.pass(confirmed.key()).orElseThrow()).hasState(PassState.REVOKED).hasEventsInOrder(
                    EventType.TOKEN_ISSUED, EventType.TOKEN_FROZEN_INITIATED, EventType.TOKEN_UNFROZEN_INITIATED,
                    EventType.TOKEN_EXPIRY_CHANGED_INITIATED, EventType.TOKEN_REVOKED_INITIATED);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .hasSize(2).allSatisfy(line -> assertThat(line).startsWith("ACTIVE / on chain "));
    }

    @Test
    void theQuickstartsWalletsAreNewValidEvmAddresses() {
        String one = Lifecycle.newWallet();
        String other = Lifecycle.newWallet();

        assertThat(one).matches("0x[0-9a-f]{40}").isNotEqualTo(other);
        assertThat(PassKey.of(ChainNetwork.SEPOLIA, one).wallet().value()).isEqualToIgnoringCase(one);
    }

    @Test
    void eachTransportIssuesAndConfirmsOnTheBlockingFace(FakeCivic fake) {
        PassKey overFeign = sepolia(randomWallet());
        PassKey overRetrofit = sepolia(randomWallet());
        PassKey overVertx = sepolia(randomWallet());

        assertThat(FeignExamples.issueAndConfirm(fake.config(), overFeign)).hasState(PassState.ACTIVE).isSettled();
        assertThat(RetrofitExamples.issueAndConfirm(fake.config(), overRetrofit)).hasState(PassState.ACTIVE).isSettled();
        assertThat(VertxExamples.issueAndConfirm(fake.config(), overVertx)).hasState(PassState.ACTIVE).isSettled();
        assertThat(fake.passes()).extracting(Pass::walletAddress).containsExactly(overFeign.wallet().value(),
                overRetrofit.wallet().value(), overVertx.wallet().value());
    }

    @Test
    void eachTransportIssuesAndConfirmsOnTheNonBlockingFace(FakeCivic fake) throws Exception {
        PassKey overFeign = sepolia(randomWallet());
        PassKey overRetrofit = sepolia(randomWallet());
        PassKey overVertx = sepolia(randomWallet());
        AtomicBoolean vertxResultOnEventLoop = new AtomicBoolean();

        try (CivicPassAsyncClient feign = FeignExamples.asyncClient(fake.config());
             CivicPassAsyncClient retrofit = RetrofitExamples.asyncClient(fake.config())) {
            CompletableFuture<Pass> first = FeignExamples.issueAndConfirm(feign, overFeign).toCompletableFuture();
            CompletableFuture<Pass> second = RetrofitExamples.issueAndConfirm(retrofit, overRetrofit).toCompletableFuture();
            CompletableFuture<Pass> third = VertxExamples.issueAndConfirm(vertx, fake.config(), overVertx)
                    .onSuccess(pass -> vertxResultOnEventLoop.set(Context.isOnEventLoopThread()))
                    .toCompletionStage().toCompletableFuture();

            assertThat(first.get(10, TimeUnit.SECONDS)).hasState(PassState.ACTIVE).isSettled();
            assertThat(second.get(10, TimeUnit.SECONDS)).hasState(PassState.ACTIVE).isSettled();
            assertThat(third.get(10, TimeUnit.SECONDS)).hasState(PassState.ACTIVE).isSettled();
        }
        assertThat(vertxResultOnEventLoop).as("the Future face delivers on a Vert.x context").isTrue();
    }

    @Test
    void feignReusesTheApplicationsOkHttpClientAndInterceptor(FakeCivic fake) {
        OkHttpClient application = new OkHttpClient();
        try {
            FeignExamples.Setup setup = FeignExamples.setup(fake.config(), application);
            PassKey key = sepolia(randomWallet());
            fake.seedPass(key, PassState.ACTIVE);
            try (CivicPassClient simple = setup.client();
                 CivicPassClient handedOver = CivicPassClient.builder().config(fake.config())
                         .transport(setup.transport()).build()) {
                assertThat(simple.get(key)).hasState(PassState.ACTIVE);
                fake.journal().clear();

                assertThat(handedOver.get(key)).hasState(PassState.ACTIVE);
            }
            assertThat(fake.journal().all()).isNotEmpty()
                    .allSatisfy(request -> assertThat(request.header("X-Tenant")).contains("acme"));
            assertThat(application.dispatcher().executorService().isShutdown()).isFalse();
        } finally {
            shutDown(application);
        }
    }

    @Test
    void retrofitSharesTheApplicationsOkHttpClientAndLeavesItRunning(FakeCivic fake) throws Exception {
        AtomicBoolean intercepted = new AtomicBoolean();
        OkHttpClient application = new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    intercepted.set(true);
                    return chain.proceed(chain.request());
                }).build();
        try {
            PassKey key = sepolia(randomWallet());
            fake.seedPass(key, PassState.FROZEN);
            RetrofitExamples.Setup setup = RetrofitExamples.setup(fake.config(), application);
            try (CivicPassClient own = setup.client(); CivicPassAsyncClient shared = setup.async()) {
                assertThat(own.get(key)).hasState(PassState.FROZEN);
                assertThat(intercepted).as("the transport's own client is not the application's").isFalse();

                assertThat(shared.get(key).toCompletableFuture().get(10, TimeUnit.SECONDS)).hasState(PassState.FROZEN);
                assertThat(intercepted).as("the shared client's interceptor saw the call").isTrue();
            }
            assertThat(application.dispatcher().executorService().isShutdown()).as("closing leaves it running").isFalse();
        } finally {
            shutDown(application);
        }
    }

    @Test
    void vertxRunsOnTheApplicationsVertxAndNeverClosesIt(FakeCivic fake) throws Exception {
        PassKey key = sepolia(randomWallet());
        fake.seedPass(key, PassState.ACTIVE);
        VertxTransport transport = VertxExamples.handOver(vertx);

        try (CivicPassClient client = CivicPassClient.builder().config(fake.config()).transport(transport).build()) {
            assertThat(client.get(key)).hasState(PassState.ACTIVE);
        }
        CompletableFuture<Boolean> stillRunning = new CompletableFuture<>();
        vertx.runOnContext(ignored -> stillRunning.complete(true));
        assertThat(stillRunning.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void listingFiltersOnePageOrWalksThemAll(FakeCivic fake) {
        PassKey frozen = fake.seedPass(sepolia(randomWallet()), PassState.FROZEN).key();
        PassKey active = fake.seedPass(sepolia(randomWallet()), PassState.ACTIVE).key();
        PassKey elsewhere = fake.seedPass(PassKey.of(ChainNetwork.POLYGON_AMOY, randomWallet()), PassState.FROZEN).key();
        List<Pass> onSepolia = new ArrayList<>();

        try (CivicPassClient client = CivicPassClient.builder().config(fake.config())
                .transport(RetrofitTransport.create()).build()) {
            assertThat(Listing.frozen(client)).extracting(Pass::key).containsExactly(frozen, elsewhere);
            Listing.everyOnSepolia(client, onSepolia::add);
        }
        assertThat(onSepolia).extracting(Pass::key).containsExactly(frozen, active);
    }

    @Test
    void aPiiReviewKeepsTheEvidenceAndApprovesByThePartnersRule(FakeCivic fake) {
        String id = fake.seedPii(PiiSeed.idDocument());
        Map<String, Evidence> kept = new LinkedHashMap<>();

        try (CivicPassClient client = CivicPassClient.builder().config(fake.config())
                .transport(RetrofitTransport.create()).build()) {
            PiiDecision decision = PiiReview.review(client, id,
                    info -> info.issueCountry().equals(Optional.of("GBR")), kept::put);

            assertThat(decision).isEqualTo(PiiDecision.APPROVE);
        }
        assertThat(kept).containsOnlyKeys("idDocumentFront", "idDocumentBack");
        assertThat(kept.get("idDocumentFront").contentType()).isEqualTo("image/jpeg");
        assertThat(fake.piiStatus(id)).isEqualTo(PiiStatus.PARTNER_PASS);
    }

    @Test
    void aPiiReviewRejectsWhatThePartnersRuleRefuses(FakeCivic fake) {
        String id = fake.seedPii(PiiSeed.emailOnly());
        List<String> kept = new ArrayList<>();

        try (CivicPassClient client = CivicPassClient.builder().config(fake.config())
                .transport(RetrofitTransport.create()).build()) {
            PiiDecision decision = PiiReview.review(client, id, info -> info.dateOfBirth().isPresent(),
                    (rel, evidence) -> kept.add(rel));

            assertThat(decision).isEqualTo(PiiDecision.REJECT);
        }
        assertThat(kept).isEmpty();
        assertThat(fake.piiStatus(id)).isEqualTo(PiiStatus.PARTNER_FAIL);
        assertThat(fake.journal().matching(RequestMatcher.of("PUT", "/partner/piirequest/*/status")))
                .extracting(RecordedRequest::bodyText).singleElement().asString().contains("partner-fail");
    }

    static PassKey sepolia(String wallet) {
        return PassKey.of(ChainNetwork.SEPOLIA, wallet);
    }

    static String randomWallet() {
        byte[] address = new byte[20];
        new SecureRandom().nextBytes(address);
        return "0x" + HexFormat.of().formatHex(address);
    }

    private static void shutDown(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
