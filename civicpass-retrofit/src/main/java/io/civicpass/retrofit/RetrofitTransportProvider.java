package io.civicpass.retrofit;

import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportProvider;

/**
 * Lets the client builder discover the Retrofit transport on the classpath, so adding the
 * {@code civicpass-retrofit} artifact is enough when no transport is given explicitly.
 * Registered in {@code META-INF/services/io.civicpass.spi.TransportProvider}.
 */
public final class RetrofitTransportProvider implements TransportProvider {

    /** Creates the provider; the service loader calls this. */
    public RetrofitTransportProvider() {
    }

    /**
     * The transport's name.
     *
     * @return {@value RetrofitTransport#NAME}
     */
    @Override
    public String name() {
        return RetrofitTransport.NAME;
    }

    /**
     * A transport with its own OkHttp client, as {@link RetrofitTransport#create()}.
     *
     * @return a new transport
     */
    @Override
    public Transport create() {
        return RetrofitTransport.create();
    }
}
