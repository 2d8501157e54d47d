package io.civicpass.port;

/**
 * Service-provider interface through which the client builder discovers a transport on the
 * classpath ({@code META-INF/services/io.civicpass.port.TransportProvider}). Each transport
 * artifact registers one.
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
