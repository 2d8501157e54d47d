package io.civicpass.spi;

/**
 * A transport adapter's entry point. Users pick one per project, for example
 * {@code FeignTransport.create()}, and hand it to {@code CivicPassClient.builder().transport(...)},
 * or put one transport artifact on the classpath and let the builder find it through
 * {@link TransportProvider}. Immutable and reusable: each client connects once.
 *
 * @since 0.1.0
 */
public interface Transport {

    /**
     * A short name for the transport, sent in the {@code User-Agent}, for example {@code feign}.
     *
     * @return the name
     */
    String name();

    /**
     * Creates what one client sends its requests through.
     *
     * @param settings timeouts and pool size, to apply to an HTTP client the transport creates
     * @return the connection, which the client closes when it is closed
     */
    TransportConnection connect(TransportSettings settings);
}
