package io.civicpass.spi;

import java.util.concurrent.CompletableFuture;

/**
 * A transport's non-blocking face: starts one request and returns at once with a future of its
 * response. No retries, no redirects, no caching: core owns those policies.
 *
 * <p>Implementations are thread-safe. The future completes by the request's deadline, with the
 * response or exceptionally with a {@link TransportException}; it never blocks the thread that
 * started it. Cancelling the future abandons the exchange and releases its connection.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AsyncHttpExchange {

    /**
     * Starts a request.
     *
     * @param request the request, exactly as core built it
     * @return a future of the whole response, whatever its status
     */
    CompletableFuture<HttpResponse> execute(HttpRequest request);
}
