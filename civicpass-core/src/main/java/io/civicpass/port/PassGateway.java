package io.civicpass.port;

import io.civicpass.model.AccessToken;

import java.time.Duration;

/**
 * Driven port, blocking face: performs one Civic API operation, described by an
 * {@link ApiCall}, with a given token, within a given time.
 *
 * <p>Who uses it: core's call engine, for every attempt and every reconciling lookup of a
 * blocking call (a cancellable one goes through {@link AsyncPassGateway}, so that cancelling
 * abandons the exchange). The engine decides everything around the exchange (token, retries,
 * reconciliation, the deadline) and reaches Civic only through this port and its non-blocking
 * twin.
 *
 * <p>Who implements it: core, once, over a transport's {@link io.civicpass.spi.HttpExchange}
 * (a transport module supplies the exchange, not this interface). The testkit's in-memory face
 * stays an SPI exchange over the fake's engine rather than a second implementation of this
 * port: an {@link ApiCall} is read from an HTTP response, so an implementation has to produce
 * one anyway, and as an exchange the fake runs core's own request building, headers and error
 * mapping in every test instead of standing in for them. An implementation performs exactly
 * one HTTP exchange per call and nothing else: no retries, no token handling beyond sending the
 * given token, no validation (the client has validated every argument).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PassGateway {

    /**
     * Performs one exchange.
     *
     * @param token    the bearer token
     * @param call     the operation
     * @param timeout  the longest the exchange may take: the smaller of the request timeout and
     *                 what is left of the call
     * @param observer told of the response's status and request id before its body is read
     * @param <T>      the result type
     * @return the result
     * @throws io.civicpass.error.CivicPassException when the exchange fails or Civic refuses
     */
    <T> T execute(AccessToken token, ApiCall<T> call, Duration timeout, ExchangeObserver observer);
}
