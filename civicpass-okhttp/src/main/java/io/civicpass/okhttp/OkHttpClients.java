package io.civicpass.okhttp;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Authenticator;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Creating, configuring and closing the OkHttp clients of transports built on OkHttp.
 *
 * <ul>
 *   <li>{@link #ownedBuilder(String, int)}: a client of the transport's own for {@code n}
 *       concurrent callers: a {@link Dispatcher} running at most {@code n} non-blocking calls per
 *       host and {@code 2n} in all (the token endpoint and the API may be two hosts; OkHttp's own
 *       default of 5 per host would queue the 6th caller), on daemon threads created on demand
 *       and ended after 60 s idle (an unclosed client never holds the JVM open), and a
 *       {@link ConnectionPool} keeping up to {@code n} idle connections for 5 minutes;</li>
 *   <li>{@link #applyTimeouts(OkHttpClient.Builder, Duration, Duration)}: the connect timeout, and
 *       the request timeout as call, read and write timeout;</li>
 *   <li>{@link #forceSafety(OkHttpClient.Builder)}: what core's policies need whatever the client
 *       says: no retries, redirects, authenticator or cache of OkHttp's own, and the interceptors
 *       that refuse an expired request, stop OkHttp's silent repeat after a {@code 503}, and track
 *       each request's {@link SendState};</li>
 *   <li>{@link #close(OkHttpClient)}: releases a client the transport created, at once.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class OkHttpClients {

    /** How long an idle connection is kept: OkHttp's default. */
    private static final Duration KEEP_ALIVE = Duration.ofMinutes(5);

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private OkHttpClients() {
    }

    /**
     * A builder for a client of the transport's own, with its dispatcher and pool sized for
     * {@code maxConnections} concurrent callers. Its dispatcher's threads are named
     * {@code threadPrefix + <client> + "-" + <n>}.
     *
     * @param threadPrefix   the prefix of the dispatcher threads' names
     * @param maxConnections the settings' pool size, at least 1
     * @return the builder, with nothing else set
     * @throws IllegalArgumentException when {@code maxConnections} is less than 1
     */
    public static OkHttpClient.Builder ownedBuilder(String threadPrefix, int maxConnections) {
        Objects.requireNonNull(threadPrefix, "threadPrefix == null");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        int id = CLIENTS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, threadPrefix + id + "-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        Dispatcher dispatcher = new Dispatcher(executor);
        dispatcher.setMaxRequestsPerHost(maxConnections);
        dispatcher.setMaxRequests((int) Math.min(Integer.MAX_VALUE, 2L * maxConnections));
        ConnectionPool pool = new ConnectionPool(maxConnections, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
        return new OkHttpClient.Builder().dispatcher(dispatcher).connectionPool(pool);
    }

    /**
     * Sets the connect timeout, and the request timeout as the call timeout that bounds the whole
     * exchange and as the read and write timeouts, which then never cut it shorter. Each call is
     * further bounded by its own request's deadline, set per call.
     *
     * @param builder        the client's builder
     * @param connectTimeout the connect timeout
     * @param requestTimeout the longest exchange
     * @return the builder
     */
    public static OkHttpClient.Builder applyTimeouts(OkHttpClient.Builder builder, Duration connectTimeout,
                                                     Duration requestTimeout) {
        Objects.requireNonNull(builder, "builder == null");
        long exchange = millis(Objects.requireNonNull(requestTimeout, "requestTimeout == null"));
        return builder.connectTimeout(millis(Objects.requireNonNull(connectTimeout, "connectTimeout == null")),
                        TimeUnit.MILLISECONDS)
                .callTimeout(exchange, TimeUnit.MILLISECONDS)
                .readTimeout(exchange, TimeUnit.MILLISECONDS)
                .writeTimeout(exchange, TimeUnit.MILLISECONDS);
    }

    /**
     * Forces what core's policies need, whatever the builder held: no automatic retries
     * ({@code retryOnConnectionFailure(false)} and a {@link NoSilentRetryInterceptor}: a silently
     * repeated request could issue a pass twice), no redirects (one could carry the bearer token to
     * another host), no authenticator (core handles a {@code 401}), no response cache (every call
     * must reach the server, and personal data must not be written to disk); a
     * {@link DeadlineInterceptor} as the first application interceptor and a
     * {@link WriteInterceptor} as the last network interceptor. Call it last, after any
     * {@link ProxyAndTls#applyProxy(OkHttpClient.Builder, io.civicpass.spi.ProxySettings)}.
     *
     * @param builder the client's builder
     * @return the builder
     */
    public static OkHttpClient.Builder forceSafety(OkHttpClient.Builder builder) {
        return forceSafety(builder, Clock.systemUTC());
    }

    /**
     * As {@link #forceSafety(OkHttpClient.Builder)}, with the clock the
     * {@link NoSilentRetryInterceptor} restates a wait from.
     *
     * @param builder the client's builder
     * @param clock   the clock
     * @return the builder
     */
    public static OkHttpClient.Builder forceSafety(OkHttpClient.Builder builder, Clock clock) {
        Objects.requireNonNull(builder, "builder == null");
        builder.interceptors().add(0, new DeadlineInterceptor());
        return builder.retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .authenticator(Authenticator.NONE)
                .cache(null)
                .addNetworkInterceptor(new NoSilentRetryInterceptor(clock))
                .addNetworkInterceptor(new WriteInterceptor()); // last: right before the request is written
    }

    /**
     * Releases a client the transport created: cancels its calls in flight, shuts its
     * dispatcher's threads down and evicts its pooled connections, at once, without waiting for
     * garbage collection. Idempotent. Never for a client the user shares: its pool and dispatcher
     * serve the user's other calls.
     *
     * @param client the client
     */
    public static void close(OkHttpClient client) {
        client.dispatcher().cancelAll();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /**
     * A duration as OkHttp takes it: whole milliseconds from 1 (zero would mean no limit) up to
     * {@code Integer.MAX_VALUE}.
     *
     * @param duration the duration
     * @return the milliseconds
     */
    public static long millis(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return 1;
        }
        if (duration.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) >= 0) {
            return Integer.MAX_VALUE;
        }
        return Math.max(1, duration.toMillis());
    }
}
