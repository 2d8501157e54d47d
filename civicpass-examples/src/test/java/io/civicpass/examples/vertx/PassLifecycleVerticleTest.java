package io.civicpass.examples.vertx;

import static io.civicpass.testkit.assertj.CivicAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.model.PiiStatus;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.FakeCivicExtension;
import io.civicpass.testkit.PiiSeed;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The verticle's flow against the fake, over the event bus as an application would use it. */
class PassLifecycleVerticleTest {

    @RegisterExtension
    static FakeCivicExtension civic = FakeCivicExtension.builder().perClass().build();

    private static Vertx vertx;

    @BeforeAll
    static void deploy() throws Exception {
        vertx = Vertx.vertx();
        vertx.deployVerticle(new PassLifecycleVerticle(civic.fake().config()))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void walksAPassThroughItsLifeAndReviewsThePii(FakeCivic fake) throws Exception {
        String wallet = randomWallet();
        String piiRequestId = fake.seedPii(PiiSeed.idDocument());

        JsonObject reply = request(new JsonObject().put("wallet", wallet).put("piiRequestId", piiRequestId))
                .get(20, TimeUnit.SECONDS).body();

        assertThat(reply.getJsonArray("steps").getList()).containsExactly(
                "issue: state=ACTIVE onChainState=FROZEN",
                "await confirmation: state=ACTIVE onChainState=ACTIVE",
                "freeze: state=FROZEN onChainState=FROZEN",
                "unfreeze: state=ACTIVE onChainState=ACTIVE",
                "force refresh: state=ACTIVE onChainState=ACTIVE",
                "list ACTIVE of wallet: 1 pass(es)",
                "revoke: state=REVOKED onChainState=REVOKED",
                "read PII request: verification-success, 2 evidence item(s)",
                "download evidence: image/jpeg",
                "approve PII");
        assertThat(fake.pass(PassKey.of(ChainNetwork.SEPOLIA, wallet)).orElseThrow())
                .hasState(PassState.REVOKED).isSettled();
        assertThat(fake.piiStatus(piiRequestId)).isEqualTo(PiiStatus.PARTNER_PASS);
    }

    @Test
    void withoutAPiiRequestItStopsAfterTheRevoke(FakeCivic fake) throws Exception {
        JsonObject reply = request(new JsonObject().put("wallet", randomWallet())).get(20, TimeUnit.SECONDS).body();

        assertThat(reply.getJsonArray("steps").getList()).hasSize(7)
                .last().isEqualTo("revoke: state=REVOKED onChainState=REVOKED");
    }

    @Test
    void aBadWalletFailsTheRequestWith400BeforeAnythingIsSent(FakeCivic fake) {
        CompletableFuture<Message<JsonObject>> reply = request(new JsonObject().put("wallet", "0xnot-a-wallet"));

        assertThat(reply).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(ReplyException.class, failure -> {
                    assertThat(failure.failureCode()).isEqualTo(400);
                    assertThat(failure.getMessage()).contains("0xnot-a-wallet");
                });
        assertThat(fake.journal().all()).isEmpty();
    }

    @Test
    void aFailingStepFailsTheRequestWithCivicsError(FakeCivic fake) {
        String wallet = randomWallet();
        fake.seedPass(PassKey.of(ChainNetwork.SEPOLIA, wallet), PassState.REVOKED);   // Civic issues it no pass again

        CompletableFuture<Message<JsonObject>> reply = request(new JsonObject().put("wallet", wallet));

        assertThat(reply).failsWithin(20, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(ReplyException.class,
                        failure -> assertThat(failure.failureCode()).isEqualTo(500));
    }

    private static CompletableFuture<Message<JsonObject>> request(JsonObject body) {
        return vertx.eventBus().<JsonObject>request(PassLifecycleVerticle.ADDRESS, body,
                new DeliveryOptions().setSendTimeout(20_000)).toCompletionStage().toCompletableFuture();
    }

    private static String randomWallet() {
        byte[] address = new byte[20];
        new SecureRandom().nextBytes(address);
        return "0x" + HexFormat.of().formatHex(address);
    }
}
