package io.civicpass.retrofit;

import io.civicpass.spi.HttpRequest;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The first application interceptor: refuses a request whose deadline passed before OkHttp
 * started it, which happens when a non-blocking call waits in the dispatcher's queue (OkHttp
 * starts a call's timeout only once the dispatcher runs it). Nothing is sent then.
 */
final class DeadlineInterceptor implements Interceptor {

    @Override
    public Response intercept(Chain chain) throws IOException {
        HttpRequest request = chain.request().tag(HttpRequest.class);
        if (request != null && request.expired()) {
            throw new DeadlinePassedException("while the call was queued");
        }
        return chain.proceed(chain.request());
    }
}
