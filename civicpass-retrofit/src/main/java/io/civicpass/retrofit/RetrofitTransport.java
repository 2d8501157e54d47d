package io.civicpass.retrofit;

import io.civicpass.port.Transport;
import io.civicpass.port.TransportConnection;
import io.civicpass.port.TransportContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Authenticator;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The Retrofit (OkHttp) transport: sends the client's token requests and API calls with
 * Retrofit over an {@link OkHttpClient}. Blocking calls run on the caller's thread; non-blocking
 * calls are enqueued on OkHttp's dispatcher and park no thread while waiting.
 *
 * <pre>{@code
 * CivicPassClient client = CivicPassClient.builder()
 *         .config(config)
 *         .transport(RetrofitTransport.create())
 *         .build();
 * }</pre>
 *
 * <p>To share an {@code OkHttpClient} the application already has (its connection pool,
 * dispatcher, interceptors and event listener), hand it to the builder:
 *
 * <pre>{@code
 * RetrofitTransport transport = RetrofitTransport.builder().okHttpClient(sharedClient).build();
 * }</pre>
 *
 * <p>Whichever client is used, the transport derives its own from it with
 * {@link OkHttpClient#newBuilder()}, which shares the pool and the dispatcher, and sets what
 * Civic calls need regardless of the original's settings: no automatic retries (a silently
 * repeated request could issue a pass twice), no redirects (a redirect could carry the bearer
 * token to another host), no authenticator (core handles a {@code 401} by refreshing the
 * token), no response cache (every call must reach Civic, and PII must not be written to disk),
 * and, unless {@link Builder#keepClientTimeouts(boolean)} says otherwise, the client
 * configuration's timeouts. The user's client itself is never changed, and closing a Civic
 * client never shuts down anything the user supplied.
 *
 * <p>Instances are immutable and may be used for any number of clients; each client gets its
 * own connection.
 */
public final class RetrofitTransport implements Transport {

    /** The transport's name, as {@link #name()} returns it and as {@code civicpass.transport} selects it. */
    public static final String NAME = "retrofit";

    /** Per-host limit of the transport's own dispatcher: every call goes to one or two Civic hosts. */
    private static final int OWN_MAX_REQUESTS_PER_HOST = 64;

    private final OkHttpClient userClient;
    private final boolean keepClientTimeouts;

    private RetrofitTransport(Builder builder) {
        this.userClient = builder.okHttpClient;
        this.keepClientTimeouts = builder.keepClientTimeouts;
    }

    /**
     * A transport that builds its own {@link OkHttpClient} for each Civic client, with the
     * configuration's timeouts, and shuts it down when the Civic client is closed.
     *
     * @return a new transport
     */
    public static RetrofitTransport create() {
        return builder().build();
    }

    /**
     * A builder, for sharing an existing {@link OkHttpClient}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The transport's name.
     *
     * @return {@value #NAME}
     */
    @Override
    public String name() {
        return NAME;
    }

    /**
     * Derives the OkHttp client for one Civic client and wraps it in Retrofit.
     *
     * @param context the client's settings
     * @return the connection; closing it shuts down only a client this transport built
     */
    @Override
    public TransportConnection connect(TransportContext context) {
        Objects.requireNonNull(context, "context");
        boolean ownsClient = userClient == null;
        OkHttpClient.Builder builder = ownsClient ? ownClientBuilder() : userClient.newBuilder();
        if (ownsClient || !keepClientTimeouts) {
            long connect = millis(context.connectTimeout());
            long exchange = millis(context.requestTimeout());
            // The call timeout bounds the whole exchange; read and write timeouts may not cut it shorter.
            builder.connectTimeout(connect, TimeUnit.MILLISECONDS)
                    .callTimeout(exchange, TimeUnit.MILLISECONDS)
                    .readTimeout(exchange, TimeUnit.MILLISECONDS)
                    .writeTimeout(exchange, TimeUnit.MILLISECONDS);
        }
        OkHttpClient client = builder
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .authenticator(Authenticator.NONE)
                .cache(null)
                .addNetworkInterceptor(new NoSilentRetryInterceptor(context.clock()))
                .build();
        try {
            return new RetrofitConnection(client, ownsClient, context);
        } catch (RuntimeException invalid) {
            if (ownsClient) {
                client.dispatcher().executorService().shutdown();
            }
            throw invalid;
        }
    }

    /**
     * Describes the transport.
     *
     * @return whether it shares a user's client and keeps that client's timeouts
     */
    @Override
    public String toString() {
        return "RetrofitTransport[sharedClient=" + (userClient != null) + ", keepClientTimeouts=" + keepClientTimeouts + "]";
    }

    /** A client of our own: daemon dispatcher threads (an unclosed client never holds the JVM open). */
    private static OkHttpClient.Builder ownClientBuilder() {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, "civicpass-okhttp-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        Dispatcher dispatcher = new Dispatcher(executor);
        dispatcher.setMaxRequestsPerHost(OWN_MAX_REQUESTS_PER_HOST);
        return new OkHttpClient.Builder().dispatcher(dispatcher).connectionPool(new ConnectionPool());
    }

    /** OkHttp takes whole milliseconds up to {@code Integer.MAX_VALUE}; zero would mean no limit. */
    static long millis(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return 0;
        }
        if (duration.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) >= 0) {
            return Integer.MAX_VALUE;
        }
        return Math.max(1, duration.toMillis());
    }

    /**
     * Builds a {@link RetrofitTransport}. Not thread-safe; the transport it builds is immutable.
     */
    public static final class Builder {

        private OkHttpClient okHttpClient;
        private boolean keepClientTimeouts;

        private Builder() {
        }

        /**
         * Shares an existing OkHttp client: its connection pool, dispatcher (threads and
         * request limits), interceptors, event listener, proxy, TLS and DNS settings. The
         * transport derives its own client with {@link OkHttpClient#newBuilder()} and never
         * changes or shuts down this one; it also creates no threads of its own. The
         * dispatcher's limits apply to Civic calls as well (OkHttp's default dispatcher runs at
         * most 5 asynchronous requests per host at a time and queues the rest).
         *
         * @param client the client to share
         * @return this builder
         */
        public Builder okHttpClient(OkHttpClient client) {
            this.okHttpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Whether to keep the shared client's own connect, call, read and write timeouts instead
         * of the Civic client configuration's ({@code connectTimeout} for connecting,
         * {@code requestTimeout} for the whole exchange). Off by default. Only meaningful with
         * {@link #okHttpClient(OkHttpClient)}. Note that core's asynchronous client still gives
         * up on a call after its {@code requestTimeout} and a short grace period.
         *
         * @param keep true to keep the shared client's timeouts
         * @return this builder
         */
        public Builder keepClientTimeouts(boolean keep) {
            this.keepClientTimeouts = keep;
            return this;
        }

        /**
         * Builds the transport.
         *
         * @return the transport
         * @throws IllegalStateException when {@code keepClientTimeouts} is set without a client to take them from
         */
        public RetrofitTransport build() {
            if (keepClientTimeouts && okHttpClient == null) {
                throw new IllegalStateException("keepClientTimeouts(true) needs okHttpClient(...): without a shared"
                        + " client the transport uses the configuration's timeouts");
            }
            return new RetrofitTransport(this);
        }
    }
}
