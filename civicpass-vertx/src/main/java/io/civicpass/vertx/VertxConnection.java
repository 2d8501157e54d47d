package io.civicpass.vertx;

import io.civicpass.port.AsyncPassGateway;
import io.civicpass.port.PassGateway;
import io.civicpass.port.Scheduler;
import io.civicpass.port.TokenSource;
import io.civicpass.port.TransportConnection;
import io.civicpass.port.TransportContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** One client's connection: the exchanges, both gateway faces, the token source and the timers. */
final class VertxConnection implements TransportConnection {

    /** How long a blocking {@link #close()} waits for an owned Vert.x instance to stop. */
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final WebClient webClient;
    private final boolean ownsWebClient;
    private final VertxExchanges exchanges;
    private final VertxAsyncGateway asyncGateway;
    private final VertxBlockingGateway gateway;
    private final VertxTokenSource tokenSource;
    private final VertxScheduler scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();

    VertxConnection(TransportContext context, Vertx vertx, boolean ownsVertx, WebClient webClient, boolean ownsWebClient) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.webClient = webClient;
        this.ownsWebClient = ownsWebClient;
        this.exchanges = new VertxExchanges(context, vertx, webClient);
        this.asyncGateway = new VertxAsyncGateway(context, exchanges);
        this.gateway = new VertxBlockingGateway(asyncGateway, exchanges);
        this.tokenSource = new VertxTokenSource(context, exchanges);
        this.scheduler = new VertxScheduler(vertx);
    }

    @Override
    public TokenSource tokenSource() {
        return tokenSource;
    }

    @Override
    public PassGateway gateway() {
        return gateway;
    }

    @Override
    public AsyncPassGateway asyncGateway() {
        return asyncGateway;
    }

    @Override
    public Optional<Scheduler> scheduler() {
        return Optional.of(scheduler);
    }

    /** The Vert.x instance the connection runs on; for tests of ownership. */
    Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
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
