package io.civicpass.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassClient;
import io.civicpass.model.PassKey;
import io.civicpass.testkit.FakeCivic;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The blocking client inside Vert.x worker code, where waiting is allowed. */
class VertxWorkerBlockingTest {

    /** Far beyond the fake's confirmation delay; the wait ends as soon as the pass is confirmed. */
    private static final Duration CONFIRMATION_TIMEOUT = Duration.ofSeconds(10);

    private static Vertx vertx;
    private static FakeCivic fake;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        fake = FakeCivic.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fake != null) {
            fake.close();
        }
        TestContexts.close(vertx);
    }

    @Test
    void blockingClientWorksInAWorkerVerticle() throws Exception {
        PassKey key = Wallets.randomSepoliaKey();
        CompletableFuture<Boolean> found = new CompletableFuture<>();
        AbstractVerticle worker = new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                try (CivicPassClient client = CivicPassClient.builder().config(fake.config())
                        .transport(VertxTransport.create(vertx)).build()) {
                    client.issue(key);
                    client.awaitConfirmed(key, CONFIRMATION_TIMEOUT); // Civic shows a new pass once confirmed
                    found.complete(client.find(key).isPresent());
                    started.complete();
                } catch (RuntimeException failure) {
                    found.completeExceptionally(failure);
                    started.fail(failure);
                }
            }
        };
        vertx.deployVerticle(worker, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));

        assertThat(found.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void blockingClientWorksInExecuteBlockingFromAnEventLoop() throws Exception {
        PassKey key = Wallets.randomSepoliaKey();
        try (CivicPassClient client = CivicPassClient.builder().config(fake.config())
                .transport(VertxTransport.create(vertx)).build()) {
            CompletableFuture<Boolean> found = new CompletableFuture<>();
            vertx.runOnContext(ignored -> vertx.executeBlocking(() -> {
                client.issue(key);
                client.awaitConfirmed(key, CONFIRMATION_TIMEOUT); // Civic shows a new pass once confirmed
                return client.find(key).isPresent();
            }).onComplete(done -> {
                if (done.succeeded()) {
                    found.complete(done.result());
                } else {
                    found.completeExceptionally(done.cause());
                }
            }));
            assertThat(found.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
