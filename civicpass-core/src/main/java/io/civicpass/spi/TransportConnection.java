package io.civicpass.spi;

import java.util.Optional;

/**
 * What a {@link Transport} provides to one client: a blocking exchange, a non-blocking one, or
 * both. Where only one is present, core adapts the other: a blocking exchange answers
 * asynchronously from a bounded pool of daemon threads (as many as the settings' connections),
 * and a non-blocking one is awaited by the calling thread up to the request's deadline.
 *
 * <p>Closing releases only what the transport created itself: an HTTP client, event loop or
 * connection pool the user handed over stays open. After closing, no thread or connection the
 * transport started remains within a couple of seconds, without waiting for garbage collection.
 *
 * @since 0.1.0
 */
public interface TransportConnection extends AutoCloseable {

    /**
     * The blocking face, when the HTTP library has one.
     *
     * @return the exchange, or empty
     */
    Optional<HttpExchange> blocking();

    /**
     * The non-blocking face, when the HTTP library has one.
     *
     * @return the exchange, or empty
     */
    Optional<AsyncHttpExchange> async();

    /**
     * The timers the asynchronous client should use, when the transport has its own (an event
     * loop's); empty lets the client use one shared daemon timer thread.
     *
     * @return the scheduler, or empty
     */
    default Optional<Scheduler> scheduler() {
        return Optional.empty();
    }

    /** Releases what the transport created for this connection. Idempotent. */
    @Override
    void close();
}
