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

    /** How long one event-loop task may run before the checker of {@link #watchedVertx()} warns. */
    static final long EVENT_LOOP_LIMIT_MILLIS = 500;

    /**
     * A Vert.x instance whose blocked-thread checker looks every 20 ms and complains after
     * {@value #EVENT_LOOP_LIMIT_MILLIS} ms on an event loop (Vert.x's default is 2 s). The checker
     * measures wall-clock time, so the limit stays above what a busy build machine's scheduling
     * adds to a task of a few milliseconds, and far below a real blocking wait for a response
     * (the request timeout, seconds).
     */
    static Vertx watchedVertx() {
        return Vertx.vertx(new VertxOptions()
                .setBlockedThreadCheckInterval(20).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(EVENT_LOOP_LIMIT_MILLIS).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(100).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS)); // with the stack
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
