package io.civicpass.vertx;

import io.civicpass.internal.CivicErrors;
import io.civicpass.internal.Operation;
import io.civicpass.port.TransportContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends one HTTP exchange over the {@link WebClient} and hands the received response to core's
 * response reading; the one place this transport touches the network.
 */
final class VertxExchanges {

    /** How much longer than the request timeout a blocking caller waits before giving up itself. */
    static final Duration BLOCKING_GRACE = Duration.ofSeconds(2);

    private final TransportContext context;
    private final Vertx vertx;
    private final WebClient client;
    private final long timeoutMillis;
    /** Where blocking callers on Vert.x threads start their exchanges; null when unavailable. */
    private final Context blockingContext;

    VertxExchanges(TransportContext context, Vertx vertx, WebClient client) {
        this.context = context;
        this.vertx = vertx;
        this.client = client;
        this.timeoutMillis = Math.max(1, context.requestTimeout().toMillis());
        this.blockingContext = vertx instanceof VertxInternal ? ((VertxInternal) vertx).createEventLoopContext() : null;
    }

    /** Turns a received response into a result or throws core's exception for it. */
    @FunctionalInterface
    interface ResponseReader<T> {
        T read(int status, Function<String, String> headers, byte[] body);
    }

    /**
     * Starts one exchange. The stage completes on a Vert.x event loop, with the reader's result
     * or a {@link io.civicpass.error.CivicPassException}; it is never completed by throwing.
     *
     * @param operation     the operation, whose method is sent
     * @param path          the request path, for exception messages
     * @param url           the absolute URL, already encoded
     * @param authorization the {@code Authorization} value, or null
     * @param contentType   the body's media type, or null without a body
     * @param body          the body, or null
     * @param reader        reads the response
     */
    <T> CompletableFuture<T> exchange(Operation operation, String path, URI url, String authorization,
                                      String contentType, byte[] body, ResponseReader<T> reader) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            HttpRequest<Buffer> request = client.requestAbs(HttpMethod.valueOf(operation.method()), url.toString())
                    .followRedirects(false)
                    // Idle bound inside Vert.x; the timer below bounds the exchange as a whole.
                    .idleTimeout(timeoutMillis)
                    .putHeader("User-Agent", context.userAgent())
                    .putHeader("Accept", "application/json");
            if (authorization != null) {
                request.putHeader("Authorization", authorization);
            }
            if (body != null) {
                request.putHeader("Content-Type", contentType);
            }
            long timer = vertx.setTimer(timeoutMillis, fired -> result.completeExceptionally(
                    CivicErrors.transportFailure(operation, path, new TimeoutException(
                            "no complete response within the request timeout of " + timeoutMillis + " ms"))));
            Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
            sent.onComplete(response -> {
                vertx.cancelTimer(timer);
                if (response.failed()) {
                    result.completeExceptionally(CivicErrors.transportFailure(operation, path, response.cause()));
                    return;
                }
                try {
                    result.complete(read(response.result(), reader));
                } catch (RuntimeException failure) {
                    result.completeExceptionally(CivicErrors.transportFailure(operation, path, failure));
                }
            });
        } catch (RuntimeException failure) { // a closed client or Vert.x instance refuses to start
            result.completeExceptionally(CivicErrors.transportFailure(operation, path, failure));
        }
        return result;
    }

    private static <T> T read(HttpResponse<Buffer> response, ResponseReader<T> reader) {
        Buffer buffer = response.bodyAsBuffer();
        byte[] bytes = buffer == null ? new byte[0] : buffer.getBytes();
        return reader.read(response.statusCode(), name -> response.headers().get(name), bytes);
    }

    /**
     * Fails fast on an event-loop thread, where waiting for a response would block the very loop
     * that must deliver it.
     *
     * @param what what was called, for the message
     */
    static void requireBlockingAllowed(String what) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException(what + " blocks until the response arrives, which cannot happen on a Vert.x"
                    + " event-loop thread (" + Thread.currentThread().getName() + "): use CivicPassAsyncClient"
                    + " or VertxCivicPass there, or call from a worker thread (executeBlocking, a worker verticle)");
        }
    }

    /**
     * Runs an exchange for a blocking caller and waits for it, a little longer than the request
     * timeout. A response is delivered on the context that sent the request; on a Vert.x worker
     * thread that is the caller's own context, whose next task cannot run while the caller
     * waits, so there the exchange is started on an event-loop context of its own instead.
     *
     * @param start     starts the exchange
     * @param operation the operation, for a failure's message
     * @param path      the request path, for a failure's message
     * @return the result
     */
    <T> T callBlocking(Supplier<CompletionStage<T>> start, Operation operation, String path) {
        if (Vertx.currentContext() == null || blockingContext == null) {
            return await(start.get(), operation, path);
        }
        CompletableFuture<T> relay = new CompletableFuture<>();
        blockingContext.runOnContext(ignored -> {
            try {
                start.get().whenComplete((value, failure) -> {
                    if (failure == null) {
                        relay.complete(value);
                    } else {
                        relay.completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException failure) {
                relay.completeExceptionally(failure);
            }
        });
        return await(relay, operation, path);
    }

    private <T> T await(CompletionStage<T> stage, Operation operation, String path) {
        try {
            return stage.toCompletableFuture().get(timeoutMillis + BLOCKING_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw CivicErrors.transportFailure(operation, path, failed.getCause());
        } catch (TimeoutException slow) {
            throw CivicErrors.transportFailure(operation, path, slow);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw CivicErrors.transportFailure(operation, path, interrupted);
        }
    }
}
