package io.civicpass.spi;

/**
 * Service-provider interface through which the client builder discovers a transport on the
 * classpath ({@code META-INF/services/io.civicpass.spi.TransportProvider}). Each transport
 * artifact registers one.
 *
 * @since 0.1.0
 */
public interface TransportProvider {

    /**
     * The transport's name, as {@link Transport#name()} and as the system property
     * {@code civicpass.transport} selects it.
     *
     * @return the name
     */
    String name();

    /**
     * A transport with default settings.
     *
     * @return a new transport
     */
    Transport create();
}
