package io.civicpass.port;

/**
 * A transport adapter's entry point: creates the connection the client uses for all its HTTP
 * traffic. Users pick one per project, for example {@code FeignTransport.create()}, and hand it
 * to {@code CivicPassClient.builder().transport(...)}; or put one transport artifact on the
 * classpath and let the builder discover it through {@link TransportProvider}.
 */
public interface Transport {

    /**
     * A short name for the transport, sent in the {@code User-Agent}, for example {@code feign}.
     *
     * @return the name
     */
    String name();

    /**
     * Creates the token source, gateways and (optionally) scheduler for one client.
     *
     * @param context the client's settings: URLs, credentials, timeouts, user agent, clock
     * @return the connection, which the client closes when it is closed
     */
    TransportConnection connect(TransportContext context);
}
