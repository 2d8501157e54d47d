package io.civicpass.vertx;

import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportProvider;

/**
 * Lets {@code CivicPassClient.builder()} discover the Vert.x transport on the classpath
 * (registered in {@code META-INF/services/io.civicpass.spi.TransportProvider}). A discovered
 * transport starts its own Vert.x instance per client; to share the application's, pass
 * {@link VertxTransport#create(io.vertx.core.Vertx)} to the builder instead.
 */
public final class VertxTransportProvider implements TransportProvider {

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public VertxTransportProvider() {
    }

    /**
     * The transport's name.
     *
     * @return {@value VertxTransport#NAME}
     */
    @Override
    public String name() {
        return VertxTransport.NAME;
    }

    /**
     * A transport that owns its Vert.x instance, as {@link VertxTransport#create()}.
     *
     * @return a new transport
     */
    @Override
    public Transport create() {
        return VertxTransport.create();
    }
}
