package io.civicpass.port;

import io.civicpass.model.AccessToken;

/**
 * Driven port, blocking face: performs one Civic API operation, described by an
 * {@link ApiCall}, with a given token.
 *
 * <p>Who implements it: core, once, over a transport's {@link io.civicpass.spi.HttpExchange}
 * (a transport module supplies the exchange, not this interface). The testkit's in-memory face
 * is such an exchange over the fake's engine, so tests run through this same implementation
 * rather than a second one. An implementation performs
 * exactly one HTTP exchange per call and nothing else: no retries, no token handling beyond
 * sending the given token, no validation (the client has validated every argument).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PassGateway {

    /**
     * Performs one exchange.
     *
     * @param token the bearer token
     * @param call  the operation
     * @param <T>   the result type
     * @return the result
     * @throws io.civicpass.error.CivicPassException when the exchange fails or Civic refuses
     */
    <T> T execute(AccessToken token, ApiCall<T> call);
}
