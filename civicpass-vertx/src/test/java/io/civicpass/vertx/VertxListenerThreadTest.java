package io.civicpass.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.event.AttemptFinished;
import io.civicpass.event.AttemptStarted;
import io.civicpass.event.CallFinished;
import io.civicpass.event.CallListener;
import io.civicpass.event.CallStarted;
import io.civicpass.event.CivicPassListener;
import io.civicpass.event.TokenFetched;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RequestMatcher;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vert.x face reports on its event loop: a listener of a client over {@link VertxTransport}
 * is told of calls made from a verticle's context on event-loop threads, retries and the token
 * fetch included, so a listener that touches Vert.x state needs no hop.
 */
class VertxListenerThreadTest {

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
    void everyEventOfACallMadeOnAnEventLoopIsToldOnAnEventLoop() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        CivicPassListener threads = new CivicPassListener() {
            @Override
            public CallListener callStarted(CallStarted call) {
                note("callStarted");
                return new CallListener() {
                    @Override
                    public void attemptStarted(AttemptStarted attempt) {
                        note("attemptStarted " + attempt.attempt());
                    }

                    @Override
                    public void attemptFinished(AttemptFinished attempt) {
                        note("attemptFinished " + attempt.attempt());
                    }

                    @Override
                    public void callFinished(CallFinished finished) {
                        note("callFinished");
                    }
                };
            }

            @Override
            public void tokenFetched(TokenFetched fetch) {
                note("tokenFetched");
            }

            private void note(String event) {
                told.add(event + (Context.isOnEventLoopThread() ? " on an event loop" : " on " + Thread.currentThread().getName()));
            }
        };
        PassKey key = Wallets.randomSepoliaKey();
        fake.seedPass(key, PassState.ACTIVE);
        fake.inject(Fault.status(503), RequestMatcher.apiRequests(), 1);
        try (CivicPassAsyncClient client = CivicPassClient.builder().config(fake.configBuilder().build())
                .transport(VertxTransport.create(vertx)).listener(threads).buildAsync()) {
            VertxCivicPass civic = VertxCivicPass.wrap(vertx, client);
            CompletableFuture<Optional<?>> found = new CompletableFuture<>();
            vertx.runOnContext(ignored -> civic.find(key).onComplete(result -> {
                if (result.succeeded()) {
                    found.complete(result.result());
                } else {
                    found.completeExceptionally(result.cause());
                }
            }));

            assertThat(found.get(10, TimeUnit.SECONDS)).isPresent();
        }

        assertThat(told).containsExactly("callStarted on an event loop", "tokenFetched on an event loop",
                "attemptStarted 1 on an event loop", "attemptFinished 1 on an event loop",
                "attemptStarted 2 on an event loop", "attemptFinished 2 on an event loop",
                "callFinished on an event loop");
    }
}
