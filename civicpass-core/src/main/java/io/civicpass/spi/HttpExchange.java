package io.civicpass.spi;

/**
 * A transport's blocking face: sends one request on the calling thread and returns its
 * response. No retries, no redirects, no caching: core owns those policies.
 *
 * <p>Implementations are thread-safe. A call must end by the request's deadline (with a
 * response or a {@link TransportException.Kind#TIMEOUT}) and must honour the calling thread's
 * interrupt by giving up.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface HttpExchange {

    /**
     * Sends a request and reads its whole response.
     *
     * @param request the request, exactly as core built it
     * @return the response, whatever its status
     * @throws TransportException when no complete response arrived
     */
    HttpResponse execute(HttpRequest request);
}
