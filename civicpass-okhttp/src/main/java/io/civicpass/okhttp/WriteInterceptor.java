package io.civicpass.okhttp;

import io.civicpass.spi.HttpRequest;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The last network interceptor, so the one OkHttp runs once a connection is obtained and right
 * before it writes the request: refuses a request whose deadline passed meanwhile (while
 * connecting, say) or that its exchange abandoned ({@link SendState#stopWriting()}), and
 * otherwise marks its {@link SendState} as possibly written from here on. A request without a
 * {@link SendState} tag is only checked against its deadline.
 *
 * @since 0.1.0
 */
public final class WriteInterceptor implements Interceptor {

    /** The interceptor; {@link OkHttpClients#forceSafety(okhttp3.OkHttpClient.Builder)} adds it. */
    public WriteInterceptor() {
    }

    /**
     * Refuses the request, or marks it written and proceeds.
     *
     * @param chain OkHttp's chain
     * @return the response
     * @throws IOException a {@link DeadlinePassedException} for a refused request, or the chain's failure
     */
    @Override
    public Response intercept(Chain chain) throws IOException {
        HttpRequest request = chain.request().tag(HttpRequest.class);
        if (request != null && request.expired()) {
            throw new DeadlinePassedException("the deadline passed before the request was written");
        }
        SendState state = chain.request().tag(SendState.class);
        if (state != null && !state.markWritten()) {
            throw new DeadlinePassedException("the exchange was abandoned before the request was written");
        }
        return chain.proceed(chain.request());
    }
}
