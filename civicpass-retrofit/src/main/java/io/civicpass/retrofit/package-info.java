/**
 * The Retrofit (OkHttp) transport for civicpass-java, an implementation of the transport SPI
 * ({@link io.civicpass.spi}).
 *
 * <p>{@link io.civicpass.retrofit.RetrofitTransport} sends the requests core builds with
 * Retrofit over OkHttp: blocking exchanges with {@code Call.execute()}, non-blocking ones with
 * {@code Call.enqueue} (no thread waits for a response). It can build its own
 * {@code OkHttpClient}, sized from the client's transport settings, or share the application's,
 * and in both cases turns off OkHttp's automatic retries, redirects, authenticator and cache so
 * that core's policies alone decide what is sent.
 * {@link io.civicpass.retrofit.RetrofitTransportProvider} registers it for discovery.
 *
 * <p>Everything else in this package is internal and knows nothing of Civic's API: core builds
 * every request (URL, headers, body) and reads every response; this transport only moves bytes.
 */
package io.civicpass.retrofit;
