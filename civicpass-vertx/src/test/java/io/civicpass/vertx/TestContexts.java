package io.civicpass.vertx;

import io.civicpass.model.ClientCredentials;
import io.civicpass.model.TokenRequestStyle;
import io.civicpass.port.TransportContext;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Shared test fixtures. */
final class TestContexts {

    private TestContexts() {
    }

    /** A context for a base URL, with short timeouts. */
    static TransportContext context(String apiUrl, String tokenUrl) {
        return new TransportContext(URI.create(apiUrl), URI.create(tokenUrl), ClientCredentials.of("client-id", "client-secret"),
                TokenRequestStyle.BASIC_FORM, null, Duration.ofSeconds(2), Duration.ofSeconds(2), "civicpass-test", Clock.systemUTC());
    }

    /** A loopback port nobody listens on (just closed). */
    static int unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A Vert.x instance whose blocked-thread checker complains after 200 ms on an event loop. */
    static Vertx watchedVertx() {
        return Vertx.vertx(new VertxOptions()
                .setBlockedThreadCheckInterval(20).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(200).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    }

    /** Runs {@code action} on an event-loop context of {@code vertx} and returns its result. */
    static <T> T onEventLoop(Vertx vertx, Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> {
            try {
                result.complete(action.get());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    /** Closes a Vert.x instance and waits. */
    static void close(Vertx vertx) throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
