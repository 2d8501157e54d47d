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
 * <p>Everything else in this package is internal. Requests, bodies, decoding and errors follow
 * core's shared recipe ({@code io.civicpass.internal}), so this transport behaves exactly like
 * the others.
 */
package io.civicpass.retrofit;
