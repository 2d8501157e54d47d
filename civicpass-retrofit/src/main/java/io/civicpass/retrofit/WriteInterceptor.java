package io.civicpass.retrofit;

import io.civicpass.spi.HttpRequest;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The last network interceptor, so the one OkHttp runs right before it writes the request on
 * the connection it has obtained: refuses a request whose deadline passed meanwhile (while
 * connecting, say), and otherwise marks it as possibly written from here on.
 */
final class WriteInterceptor implements Interceptor {

    @Override
    public Response intercept(Chain chain) throws IOException {
        HttpRequest request = chain.request().tag(HttpRequest.class);
        if (request != null && request.expired()) {
            throw new DeadlinePassedException("before the request was written");
        }
        SendState state = chain.request().tag(SendState.class);
        if (state != null) {
            state.markWritten();
        }
        return chain.proceed(chain.request());
    }
}
