package io.civicpass.port;

import java.util.Optional;

/**
 * What a {@link Transport} provides to one client. Closing it releases only the resources the
 * transport created itself: an HTTP client, event loop or connection pool the user handed over
 * stays open.
 */
public interface TransportConnection extends AutoCloseable {

    /**
     * The uncached token source: one token request per call.
     *
     * @return the token source
     */
    TokenSource tokenSource();

    /**
     * The blocking gateway.
     *
     * @return the gateway
     */
    PassGateway gateway();

    /**
     * The non-blocking gateway.
     *
     * @return the gateway
     */
    AsyncPassGateway asyncGateway();

    /**
     * The timers the asynchronous client should use, when the transport has its own (an event
     * loop's); empty lets the client use a shared daemon timer thread.
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
