/**
 * Shared support for civicpass-java transports built on OkHttp; not a transport itself. The Feign
 * and Retrofit transports use it, and so may a transport of a user's that sends with OkHttp.
 *
 * <ul>
 *   <li>{@link io.civicpass.okhttp.OkHttpClients}: a client of the transport's own (dispatcher,
 *       pool, timeouts), the safety settings forced on every client, and closing;</li>
 *   <li>{@link io.civicpass.okhttp.ProxyAndTls}: the settings' proxy and TLS;</li>
 *   <li>{@link io.civicpass.okhttp.SendState}, {@link io.civicpass.okhttp.DeadlineInterceptor} and
 *       {@link io.civicpass.okhttp.WriteInterceptor}: where each request stands, and no request
 *       written past its deadline or after its exchange gave up;</li>
 *   <li>{@link io.civicpass.okhttp.NoSilentRetryInterceptor}: no request repeated by OkHttp after a
 *       {@code 503} with {@code Retry-After: 0};</li>
 *   <li>{@link io.civicpass.okhttp.OkHttpFailures}: the one classifier of failures into "not sent"
 *       and "may have been sent";</li>
 *   <li>{@link io.civicpass.okhttp.OkHttpRequests}: URLs, headers and one-shot bodies as OkHttp
 *       sends them.</li>
 * </ul>
 */
package io.civicpass.okhttp;
