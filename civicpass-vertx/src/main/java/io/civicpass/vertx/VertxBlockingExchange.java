package io.civicpass.vertx;

import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.TransportException;
import io.vertx.core.Context;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The blocking face: runs the non-blocking exchange and waits for it, off the event loop only.
 * On an event-loop thread it fails fast rather than block the loop that must deliver the
 * response. On a worker or virtual-thread context the exchange is started on an event-loop
 * context of the transport's own (see {@link VertxAsyncExchange#start}), so the response does
 * not wait for the context the caller is blocking.
 */
final class VertxBlockingExchange implements HttpExchange {

    private final VertxAsyncExchange async;

    VertxBlockingExchange(VertxAsyncExchange async) {
        this.async = async;
    }

    @Override
    public HttpResponse execute(HttpRequest request) {
        requireBlockingAllowed();
        VertxAsyncExchange.Exchange exchange = async.start(request);
        long waitNanos = Math.max(0, request.remaining().toNanos()) + VertxAsyncExchange.BLOCKING_GRACE.toNanos();
        try {
            return exchange.result.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw TransportException.maybeSent(TransportException.Kind.IO, "the exchange failed", cause);
        } catch (TimeoutException slow) { // the exchange's own timer should have ended it: a safety net
            throw giveUp(exchange, TransportException.Kind.TIMEOUT, "no complete response within the request's deadline", null);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw giveUp(exchange, TransportException.Kind.IO, "interrupted while waiting for the response", interrupted);
        }
    }

    /** Ends the exchange with the caller's own failure, then abandons it. */
    private static TransportException giveUp(VertxAsyncExchange.Exchange exchange, TransportException.Kind kind,
                                             String message, Throwable cause) {
        boolean written = exchange.mayHaveBeenWritten();
        TransportException failure = new TransportException(kind, written, message, cause);
        exchange.result.completeExceptionally(failure);
        exchange.abandon();
        return failure;
    }

    /**
     * Fails fast on an event-loop thread, where waiting for a response would block the very loop
     * that must deliver it.
     */
    static void requireBlockingAllowed() {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("the blocking Civic Pass client waits for each response, which cannot happen on"
                    + " a Vert.x event-loop thread (" + Thread.currentThread().getName() + "): use CivicPassAsyncClient"
                    + " or VertxCivicPass there, or call from a worker thread (executeBlocking, a worker verticle)");
        }
    }
}
