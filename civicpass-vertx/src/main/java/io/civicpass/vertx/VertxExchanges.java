package io.civicpass.vertx;

import io.civicpass.error.CivicPassException;
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
     * or a {@link CivicPassException}; it is never completed by throwing. Cancelling the stage
     * abandons the exchange: its timer stops and a late response is dropped (the Web Client
     * offers no supported way to reset a request it has started, so the connection is released
     * when the response or the idle timeout arrives).
     *
     * @param method        the HTTP method
     * @param url           the absolute URL, already encoded
     * @param authorization the {@code Authorization} value, or null
     * @param contentType   the body's media type, or null without a body
     * @param body          the body, or null
     * @param reader        reads the response
     * @param failure       the exception to report for a failure below HTTP
     */
    <T> CompletableFuture<T> exchange(String method, URI url, String authorization, String contentType, byte[] body,
                                      ResponseReader<T> reader, Function<Throwable, CivicPassException> failure) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            HttpRequest<Buffer> request = client.requestAbs(HttpMethod.valueOf(method), url.toString())
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
            long timer = vertx.setTimer(timeoutMillis, fired -> result.completeExceptionally(failure.apply(
                    new TimeoutException("no complete response within the request timeout of " + timeoutMillis + " ms"))));
            result.whenComplete((value, error) -> vertx.cancelTimer(timer)); // answered, timed out or cancelled
            Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
            sent.onComplete(response -> {
                if (response.failed()) {
                    result.completeExceptionally(failure.apply(response.cause()));
                    return;
                }
                try {
                    result.complete(read(response.result(), reader));
                } catch (RuntimeException unreadable) {
                    result.completeExceptionally(failure.apply(unreadable));
                }
            });
        } catch (RuntimeException refused) { // a closed client or Vert.x instance refuses to start
            result.completeExceptionally(failure.apply(refused));
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
     * @param start   starts the exchange
     * @param failure the exception to report when the exchange fails or the wait ends first
     * @return the result
     */
    <T> T callBlocking(Supplier<CompletionStage<T>> start, Function<Throwable, CivicPassException> failure) {
        if (Vertx.currentContext() == null || blockingContext == null) {
            return await(start.get(), failure);
        }
        CompletableFuture<T> relay = new CompletableFuture<>();
        blockingContext.runOnContext(ignored -> {
            try {
                start.get().whenComplete((value, error) -> {
                    if (error == null) {
                        relay.complete(value);
                    } else {
                        relay.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException refused) {
                relay.completeExceptionally(refused);
            }
        });
        return await(relay, failure);
    }

    private <T> T await(CompletionStage<T> stage, Function<Throwable, CivicPassException> failure) {
        try {
            return stage.toCompletableFuture().get(timeoutMillis + BLOCKING_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw failure.apply(failed.getCause());
        } catch (TimeoutException slow) {
            throw failure.apply(slow);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure.apply(interrupted);
        }
    }
}
