package io.civicpass.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VertxSchedulerTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void timersSetFromOutsideVertxRunOnTheTransportsOwnContext() throws Exception {
        VertxScheduler scheduler = new VertxScheduler(vertx);
        CompletableFuture<Context> first = new CompletableFuture<>();
        CompletableFuture<Context> second = new CompletableFuture<>();
        scheduler.schedule(Duration.ofMillis(1), () -> first.complete(Vertx.currentContext()));
        scheduler.schedule(Duration.ofMillis(1), () -> second.complete(Vertx.currentContext()));
        assertThat(first.get(5, TimeUnit.SECONDS)).isNotNull().isSameAs(scheduler.ownContext());
        assertThat(second.get(5, TimeUnit.SECONDS)).isSameAs(scheduler.ownContext());
    }

    @Test
    void timersSetOnAVertxContextRunOnThatContext() throws Exception {
        VertxScheduler scheduler = new VertxScheduler(vertx);
        Context caller = vertx.getOrCreateContext();
        CompletableFuture<Context> fired = new CompletableFuture<>();
        caller.runOnContext(ignored -> scheduler.schedule(Duration.ofMillis(1), () -> fired.complete(Vertx.currentContext())));
        assertThat(fired.get(5, TimeUnit.SECONDS)).isSameAs(caller).isNotSameAs(scheduler.ownContext());
    }

    @Test
    void aCancelledTimerNeverRuns() throws Exception {
        VertxScheduler scheduler = new VertxScheduler(vertx);
        CompletableFuture<String> cancelled = new CompletableFuture<>();
        CompletableFuture<String> later = new CompletableFuture<>();
        scheduler.schedule(Duration.ofMillis(20), () -> cancelled.complete("ran")).cancel();
        scheduler.schedule(Duration.ofMillis(60), () -> later.complete("ran"));
        assertThat(later.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
        assertThat(cancelled).isNotDone();
    }
}
