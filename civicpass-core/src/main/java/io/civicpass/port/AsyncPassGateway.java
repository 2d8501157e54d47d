package io.civicpass.port;

import io.civicpass.model.AccessToken;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Driven port, non-blocking face: performs one Civic API operation, described by an
 * {@link ApiCall}, with a given token, without blocking the calling thread.
 *
 * <p>Who uses it: core's call engine, for every attempt and lookup of a non-blocking call and
 * of a blocking call made with a {@link io.civicpass.CallCancellation}. Who implements it: core,
 * once, over a transport's {@link io.civicpass.spi.AsyncHttpExchange} (or its blocking exchange
 * run on a bounded pool). Same rules as {@link PassGateway}, the testkit's choice included.
 * Cancelling the returned stage's future abandons the exchange.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AsyncPassGateway {

    /**
     * Starts one exchange.
     *
     * @param token    the bearer token
     * @param call     the operation
     * @param timeout  the longest the exchange may take
     * @param observer told of the response's status and request id before its body is read
     * @param <T>      the result type
     * @return a stage completing with the result or a {@link io.civicpass.error.CivicPassException}
     */
    <T> CompletionStage<T> executeAsync(AccessToken token, ApiCall<T> call, Duration timeout,
                                        ExchangeObserver observer);
}
