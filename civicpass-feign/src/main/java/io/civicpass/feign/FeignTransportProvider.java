package io.civicpass.feign;

import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportProvider;

/**
 * Lets the client builder discover the Feign transport on the classpath, so
 * {@code CivicPassClient.builder().config(config).build()} works with only
 * {@code civicpass-feign} added. Registered in
 * {@code META-INF/services/io.civicpass.spi.TransportProvider}.
 */
public final class FeignTransportProvider implements TransportProvider {

    /** Creates the provider; the service loader calls this. */
    public FeignTransportProvider() {
    }

    /**
     * The transport's name.
     *
     * @return {@value FeignTransport#NAME}
     */
    @Override
    public String name() {
        return FeignTransport.NAME;
    }

    /**
     * A Feign transport with default settings.
     *
     * @return {@link FeignTransport#create()}
     */
    @Override
    public Transport create() {
        return FeignTransport.create();
    }
}
