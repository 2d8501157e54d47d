/**
 * The Retrofit (OkHttp) transport for civicpass-java.
 *
 * <p>{@link io.civicpass.retrofit.RetrofitTransport} sends the client's token requests and API
 * calls with Retrofit over OkHttp: blocking calls with {@code Call.execute()}, non-blocking ones
 * with {@code Call.enqueue} (no thread waits for a response). It can build its own
 * {@code OkHttpClient} or share the application's, and in both cases turns off OkHttp's
 * automatic retries, redirects and authenticator so core's policies alone decide what is sent.
 * {@link io.civicpass.retrofit.RetrofitTransportProvider} registers it for discovery.
 *
 * <p>Everything else in this package is internal. Core describes every request (method, path,
 * body, how to read the response and which exception a failure becomes); this transport only
 * sends it over OkHttp, so it behaves exactly like the others.
 */
package io.civicpass.retrofit;
