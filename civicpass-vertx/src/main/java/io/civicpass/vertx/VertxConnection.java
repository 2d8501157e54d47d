package io.civicpass.vertx;

import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.ProxySettings;
import io.civicpass.spi.Scheduler;
import io.civicpass.spi.TransportConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** One client's connection: both exchanges and the timers, over one Web Client. */
final class VertxConnection implements TransportConnection {

    /** How long a blocking {@link #close()} waits for an owned Vert.x instance to stop. */
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final WebClient webClient;
    private final boolean ownsWebClient;
    private final VertxAsyncExchange async;
    private final VertxBlockingExchange blocking;
    private final VertxScheduler scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();

    VertxConnection(Vertx vertx, boolean ownsVertx, WebClient webClient, boolean ownsWebClient, ProxySettings proxy) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.webClient = webClient;
        this.ownsWebClient = ownsWebClient;
        this.scheduler = new VertxScheduler(vertx);
        this.async = new VertxAsyncExchange(scheduler, webClient, ownsWebClient, proxy);
        this.blocking = new VertxBlockingExchange(async);
    }

    @Override
    public Optional<HttpExchange> blocking() {
        return Optional.of(blocking);
    }

    @Override
    public Optional<AsyncHttpExchange> async() {
        return Optional.of(async);
    }

    @Override
    public Optional<Scheduler> scheduler() {
        return Optional.of(scheduler);
    }

    /** The Vert.x instance the connection runs on; for tests of ownership. */
    Vertx vertx() {
        return vertx;
    }

    /** The Web Client the connection sends through; for tests of settings. */
    WebClient webClient() {
        return webClient;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        async.close();
        if (ownsWebClient) {
            webClient.close();
        }
        if (ownsVertx) {
            var stopping = vertx.close();
            if (!Context.isOnVertxThread()) {
                // Off Vert.x, wait so the event-loop threads are gone when close() returns; on a
                // Vert.x thread waiting would block the very loop that must finish the close.
                try {
                    stopping.toCompletionStage().toCompletableFuture().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                } catch (Exception notStoppedInTime) {
                    // Closing is best effort: the close is under way and nothing else can be done.
                }
            }
        }
    }
}
