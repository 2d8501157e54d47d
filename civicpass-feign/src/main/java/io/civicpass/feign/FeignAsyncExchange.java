package io.civicpass.feign;

import feign.Response;
import io.civicpass.okhttp.OkHttpFailures;
import io.civicpass.okhttp.SendState;
import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The non-blocking face: starts each request through an {@link feign.AsyncFeign} proxy. The
 * future completes by the request's deadline whatever the client does (a timer fails it with a
 * {@link TransportException.Kind#TIMEOUT} and abandons the exchange), and cancelling it abandons
 * the exchange.
 */
final class FeignAsyncExchange implements AsyncHttpExchange {

    private final AsyncHttp http;
    private final AsyncHttp sensitiveHttp;
    private final Credentials credentials;
    private final Duration connectTimeout;
    private final Duration readCap;
    private final BooleanSupplier closed;
    private final boolean tracksSending;

    /**
     * @param tracksSending whether the client marks each request's {@link SendState} (the
     *                      default client does), so a request whose deadline passes before it was
     *                      written is reported as not sent; with any other client it may have been
     */
    FeignAsyncExchange(AsyncHttp http, AsyncHttp sensitiveHttp, Credentials credentials, Duration connectTimeout,
                       Duration readCap, BooleanSupplier closed, boolean tracksSending) {
        this.http = http;
        this.sensitiveHttp = sensitiveHttp;
        this.credentials = credentials;
        this.connectTimeout = connectTimeout;
        this.readCap = readCap;
        this.closed = closed;
        this.tracksSending = tracksSending;
    }

    @Override
    public CompletableFuture<HttpResponse> execute(HttpRequest request) {
        if (closed.getAsBoolean()) {
            return CompletableFuture.failedFuture(FeignCalls.closed());
        }
        if (request.expired()) {
            return CompletableFuture.failedFuture(FeignCalls.expired());
        }
        SendState state = new SendState();
        String reference = credentials.hold(request, state);
        CompletableFuture<Response> sent;
        try {
            sent = HttpMethods.send(request.sensitive() ? sensitiveHttp : http, request.method(), request.uri(),
                    Map.of(Credentials.REFERENCE_HEADER, reference), request.body(),
                    FeignCalls.options(request, connectTimeout, readCap));
        } catch (RuntimeException failure) {
            credentials.release(reference);
            return CompletableFuture.failedFuture(FeignCalls.failure(failure));
        }
        CompletableFuture<HttpResponse> result = new CompletableFuture<>();
        sent.whenComplete((response, failure) -> {
            credentials.release(reference);
            if (failure != null) {
                result.completeExceptionally(FeignCalls.failure(failure));
                return;
            }
            try {
                result.complete(FeignCalls.read(response));
            } catch (RuntimeException | IOException unusable) {
                result.completeExceptionally(FeignCalls.failure(unusable));
            }
        });
        // The deadline holds whatever the client makes of Feign's read timeout.
        CompletableFuture<Void> deadline = new CompletableFuture<Void>()
                .orTimeout(Math.max(0, request.remaining().toNanos()), TimeUnit.NANOSECONDS);
        deadline.whenComplete((nothing, late) -> {
            if (late instanceof TimeoutException) {
                // Stopping the write first means a request still queued is never written
                // afterwards; the call is cancelled only once the future tells the timeout (below),
                // so the cancelled call's own failure is not what the caller sees.
                result.completeExceptionally(tracksSending
                        ? OkHttpFailures.deadlineReached(state, late)
                        : TransportException.maybeSent(TransportException.Kind.TIMEOUT,
                                "no complete response by the deadline", late));
            }
        });
        // Answered, timed out or abandoned by the caller: stop the timer, abandon the HTTP exchange.
        result.whenComplete((response, failure) -> {
            deadline.complete(null);
            if (failure != null) {
                state.abandon(); // cancels the default client's call
                sent.cancel(true);
            }
        });
        return result;
    }
}
