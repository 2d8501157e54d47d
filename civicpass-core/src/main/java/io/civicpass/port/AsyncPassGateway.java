package io.civicpass.port;

import io.civicpass.model.AccessToken;

import java.util.concurrent.CompletionStage;

/**
 * Driven port, non-blocking face: performs one Civic API operation, described by an
 * {@link ApiCall}, with a given token, without blocking the calling thread.
 *
 * <p>Who implements it: core, once, over a transport's {@link io.civicpass.spi.AsyncHttpExchange}
 * (or its blocking exchange run on a bounded pool). Same rules as {@link PassGateway}.
 * Cancelling the returned stage's future abandons the exchange.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AsyncPassGateway {

    /**
     * Starts one exchange.
     *
     * @param token the bearer token
     * @param call  the operation
     * @param <T>   the result type
     * @return a stage completing with the result or a {@link io.civicpass.error.CivicPassException}
     */
    <T> CompletionStage<T> executeAsync(AccessToken token, ApiCall<T> call);
}
