package io.civicpass.okhttp;

import io.civicpass.spi.HttpRequest;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The first application interceptor: refuses a request whose deadline (core's
 * {@link HttpRequest}, tagged onto the OkHttp request) passed before OkHttp started it, which
 * happens when a non-blocking call waits in the dispatcher's queue (OkHttp starts a call's
 * timeout only once the dispatcher runs it). Nothing is sent then. A request without that tag
 * passes.
 *
 * @since 0.1.0
 */
public final class DeadlineInterceptor implements Interceptor {

    /** The interceptor; {@link OkHttpClients#forceSafety(okhttp3.OkHttpClient.Builder)} adds it. */
    public DeadlineInterceptor() {
    }

    /**
     * Refuses an expired request, or proceeds.
     *
     * @param chain OkHttp's chain
     * @return the response
     * @throws IOException a {@link DeadlinePassedException} for an expired request, or the chain's failure
     */
    @Override
    public Response intercept(Chain chain) throws IOException {
        HttpRequest request = chain.request().tag(HttpRequest.class);
        if (request != null && request.expired()) {
            throw new DeadlinePassedException("the deadline passed while the call was queued");
        }
        return chain.proceed(chain.request());
    }
}
