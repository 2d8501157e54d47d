package io.civicpass.port;

/**
 * Told of the response an exchange got, before its body is read: the status and Civic's request
 * id, which a call's telemetry reports even when the body then reads as a success. A gateway
 * tells it at most once per exchange, on the thread that received the response.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ExchangeObserver {

    /** Told nothing. */
    ExchangeObserver NONE = (status, requestId) -> { };

    /**
     * A response arrived.
     *
     * @param status    its HTTP status
     * @param requestId Civic's request id from its headers, or null when it gave none
     */
    void responded(int status, String requestId);
}
