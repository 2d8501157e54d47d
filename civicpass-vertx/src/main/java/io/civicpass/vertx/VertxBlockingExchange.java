package io.civicpass.vertx;

import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.TransportException;
import io.vertx.core.Context;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The blocking face: runs the non-blocking exchange and waits for it, off the event loop only.
 * On an event-loop thread it fails fast rather than block the loop that must deliver the
 * response. On a worker or virtual-thread context the exchange is started on an event-loop
 * context of the transport's own (see {@link VertxAsyncExchange#start}), so the response does
 * not wait for the context the caller is blocking. The caller's timed wait ends the exchange at
 * its deadline, as the non-blocking face's Vert.x timer does, without arming a timer on an event
 * loop from this thread for every call.
 */
final class VertxBlockingExchange implements HttpExchange {

    private final VertxAsyncExchange async;

    VertxBlockingExchange(VertxAsyncExchange async) {
        this.async = async;
    }

    @Override
    public HttpResponse execute(HttpRequest request) {
        requireBlockingAllowed();
        // This thread's timed wait is the deadline: no Vert.x timer is armed for a blocking call.
        VertxAsyncExchange.Exchange exchange = async.start(request, false);
        try {
            return exchange.result.get(Math.max(0, request.remaining().toNanos()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException failed) {
            throw unwrap(failed.getCause());
        } catch (TimeoutException deadline) {
            exchange.deadlinePassed(); // fails the future as the exchange's timer would, and resets a written request
            return outcome(exchange);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw giveUp(exchange, TransportException.Kind.IO, "interrupted while waiting for the response", interrupted);
        }
    }

    /** The exchange's result once it is done: the response if it won the race with the deadline. */
    private static HttpResponse outcome(VertxAsyncExchange.Exchange exchange) {
        try {
            return exchange.result.join();
        } catch (CompletionException failed) {
            throw unwrap(failed.getCause());
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof RuntimeException) {
            return (RuntimeException) cause;
        }
        return TransportException.maybeSent(TransportException.Kind.IO, "the exchange failed", cause);
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
