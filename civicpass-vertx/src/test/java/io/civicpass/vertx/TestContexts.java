package io.civicpass.vertx;

import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.TransportSettings;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Shared test fixtures. */
final class TestContexts {

    private TestContexts() {
    }

    /** Settings with short timeouts and the default pool. */
    static TransportSettings settings() {
        return TransportSettings.builder().connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(2)).build();
    }

    /** A GET of {@code url} with the given time, as core would hand it over. */
    static HttpRequest get(String url, Duration timeout) {
        return HttpRequest.builder(HttpMethod.GET, URI.create(url)).header("Accept", "application/json")
                .header("User-Agent", "civicpass-test").timeout(timeout).build();
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
