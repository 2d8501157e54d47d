package io.civicpass.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.spi.Scheduler;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportProvider;
import io.civicpass.spi.TransportSettings;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VertxTransportLifecycleTest {

    private static Vertx vertx;
    private static TransportSettings settings;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        settings = TestContexts.settings();
    }

    @AfterAll
    static void stop() throws Exception {
        TestContexts.close(vertx);
    }

    @Test
    void closingLeavesTheCallersVertxRunning() throws Exception {
        VertxConnection connection = (VertxConnection) VertxTransport.create(vertx).connect(settings);
        connection.close();

        assertThat(connection.vertx()).isSameAs(vertx);
        assertThat(firesATimer(vertx)).isTrue();
    }

    @Test
    void closingStopsTheVertxTheTransportStarted() {
        VertxConnection connection = (VertxConnection) VertxTransport.create().connect(settings);
        Vertx owned = connection.vertx();
        assertThat(owned).isNotSameAs(vertx);

        connection.close();

        // A closed Vert.x instance refuses new timers.
        assertThatThrownBy(() -> owned.setTimer(10, id -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void eachConnectionOfAnOwningTransportHasItsOwnVertx() throws Exception {
        VertxTransport transport = VertxTransport.create();
        VertxConnection first = (VertxConnection) transport.connect(settings);
        VertxConnection second = (VertxConnection) transport.connect(settings);
        try {
            first.close();
            assertThat(second.vertx()).isNotSameAs(first.vertx());
            assertThat(firesATimer(second.vertx())).isTrue();
        } finally {
            second.close();
        }
    }

    @Test
    void closeIsIdempotent() {
        TransportConnection connection = VertxTransport.create().connect(settings);
        connection.close();
        connection.close();
    }

    @Test
    void aNullInputThrowsNullPointerExceptionNamingTheParameter() {
        assertThatThrownBy(() -> VertxTransport.builder().vertx(null))
                .isInstanceOf(NullPointerException.class).hasMessage("vertx == null");
        assertThatThrownBy(() -> VertxTransport.builder().webClient(null))
                .isInstanceOf(NullPointerException.class).hasMessage("webClient == null");
        assertThatThrownBy(() -> VertxTransport.builder().poolOptions(null))
                .isInstanceOf(NullPointerException.class).hasMessage("poolOptions == null");
        assertThatThrownBy(() -> VertxCivicPass.create(null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("vertx == null");
    }

    @Test
    void aWebClientNeedsItsVertx() {
        WebClient client = WebClient.create(vertx);
        try {
            assertThatThrownBy(() -> VertxTransport.builder().webClient(client).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("vertx(");
            assertThatThrownBy(() -> VertxTransport.builder().vertx(vertx).webClient(client)
                    .webClientOptions(new WebClientOptions()).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("webClientOptions");
        } finally {
            client.close();
        }
    }

    @Test
    void closingLeavesTheCallersWebClientOpen() throws Exception {
        WebClient client = WebClient.create(vertx);
        try {
            TransportConnection connection = VertxTransport.builder().vertx(vertx).webClient(client).build().connect(settings);
            connection.close();

            // A closed Web Client refuses to send; this one fails only because nobody listens.
            int port = TestContexts.unusedPort();
            Throwable failure = client.getAbs("http://127.0.0.1:" + port + "/").send()
                    .toCompletionStage().toCompletableFuture().handle((response, error) -> error).get(10, TimeUnit.SECONDS);
            assertThat(failure).isNotNull();
            assertThat(String.valueOf(failure.getMessage())).doesNotContainIgnoringCase("closed");
        } finally {
            client.close();
        }
    }

    @Test
    void schedulerRunsTasksOnAVertxEventLoop() throws Exception {
        try (TransportConnection connection = VertxTransport.create(vertx).connect(settings)) {
            Scheduler scheduler = connection.scheduler().orElseThrow();
            CompletableFuture<Boolean> onEventLoop = new CompletableFuture<>();
            scheduler.schedule(Duration.ofMillis(5), () -> onEventLoop.complete(Context.isOnEventLoopThread()));
            assertThat(onEventLoop.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aCancelledTaskDoesNotRun() throws Exception {
        try (TransportConnection connection = VertxTransport.create(vertx).connect(settings)) {
            Scheduler scheduler = connection.scheduler().orElseThrow();
            AtomicBoolean cancelledRan = new AtomicBoolean();
            Scheduler.Cancellable cancelled = scheduler.schedule(Duration.ofMillis(50), () -> cancelledRan.set(true));
            cancelled.cancel();
            CompletableFuture<Void> later = new CompletableFuture<>();
            scheduler.schedule(Duration.ofMillis(300), () -> later.complete(null)); // due well after the cancelled one
            later.get(5, TimeUnit.SECONDS);
            assertThat(cancelledRan).isFalse();
        }
    }

    @Test
    void schedulerStillRunsTasksAfterItsVertxIsClosed() throws Exception {
        TransportConnection connection = VertxTransport.create().connect(settings);
        Scheduler scheduler = connection.scheduler().orElseThrow();
        connection.close();

        CompletableFuture<Void> ran = new CompletableFuture<>();
        scheduler.schedule(Duration.ofMillis(1), () -> ran.complete(null));
        ran.get(5, TimeUnit.SECONDS);
    }

    @Test
    void providerIsRegisteredUnderItsName() {
        List<TransportProvider> providers = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList());
        assertThat(providers).extracting(TransportProvider::name).contains("vertx");
        TransportProvider provider = providers.stream().filter(p -> p.name().equals("vertx")).findFirst().orElseThrow();
        assertThat(provider).isInstanceOf(VertxTransportProvider.class);
        assertThat(provider.create()).isInstanceOf(VertxTransport.class)
                .extracting(t -> t.name()).isEqualTo(VertxTransport.NAME);
    }

    private static boolean firesATimer(Vertx on) throws Exception {
        CompletableFuture<Boolean> fired = new CompletableFuture<>();
        on.setTimer(1, id -> fired.complete(true));
        return fired.get(5, TimeUnit.SECONDS);
    }
}
