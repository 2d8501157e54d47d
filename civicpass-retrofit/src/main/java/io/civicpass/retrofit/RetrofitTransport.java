package io.civicpass.retrofit;

import io.civicpass.okhttp.OkHttpClients;
import io.civicpass.okhttp.ProxyAndTls;
import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportSettings;
import java.util.Objects;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The Retrofit (OkHttp) transport: sends the requests core builds with Retrofit over an
 * {@link OkHttpClient}. Blocking exchanges run {@code Call.execute()} on the caller's thread;
 * non-blocking ones {@code Call.enqueue} on OkHttp's dispatcher and park no thread while waiting.
 * Core builds every request (URL, every header, body) and reads every response; this transport
 * only moves the bytes and knows nothing of Civic's API.
 *
 * <pre>{@code
 * CivicPassClient client = CivicPassClient.builder()
 *         .config(config)
 *         .transport(RetrofitTransport.create())
 *         .build();
 * }</pre>
 *
 * <h2>The client it builds</h2>
 *
 * <p>Without a client of the user's, each connection builds its own {@code OkHttpClient} from
 * the {@link TransportSettings} core hands over, for {@code n} =
 * {@link TransportSettings#maxConnections()} (64 by default):
 * <ul>
 *   <li>connect timeout: {@link TransportSettings#connectTimeout()}; call, read and write
 *       timeouts: {@link TransportSettings#requestTimeout()}. Each call is further bounded by its
 *       own request's deadline (see below);</li>
 *   <li>{@link Dispatcher}: at most {@code n} asynchronous requests per host at a time (OkHttp's
 *       own default is 5, which would queue the 6th concurrent caller) and {@code 2n} in all (the
 *       token endpoint and the API may be two hosts); its threads are daemon threads named
 *       {@value #THREAD_PREFIX}{@code <client>-<n>}, created on demand and ended after 60 s idle;</li>
 *   <li>{@link ConnectionPool}: up to {@code n} idle connections kept for 5 minutes. OkHttp opens
 *       a new connection whenever none is idle, so blocking calls (which the dispatcher does not
 *       count) are limited only by the number of calling threads;</li>
 *   <li>the settings' {@linkplain TransportSettings#proxy() proxy}, if any: an HTTP proxy
 *       ({@code CONNECT} tunnels for {@code https}), hosts on its no-proxy list reached directly,
 *       Basic credentials sent preemptively to the proxy only (never to a host reached directly);
 *       a {@code 407} to credentials sent is not retried. Only HTTP proxies with Basic
 *       credentials are supported;</li>
 *   <li>the settings' {@linkplain TransportSettings#tls() TLS} trust store and client certificate,
 *       if any, with OkHttp's own host name verification and TLS versions.</li>
 * </ul>
 * Closing the connection cancels its calls still running, shuts the dispatcher's threads down
 * and evicts the pool's connections.
 *
 * <h2>A client of the user's</h2>
 *
 * <p>To share an {@code OkHttpClient} the application already has (its connection pool,
 * dispatcher, interceptors, event listener, proxy, TLS and DNS settings), hand it to the
 * builder:
 *
 * <pre>{@code
 * RetrofitTransport transport = RetrofitTransport.builder().okHttpClient(sharedClient).build();
 * }</pre>
 *
 * <p>That client keeps its own pool and dispatcher limits (OkHttp's default dispatcher runs 5
 * asynchronous requests per host at a time); the {@link TransportSettings} apply only to its
 * timeouts, and not even those with {@link Builder#keepClientTimeouts(boolean)}. Closing never
 * shuts down or evicts anything of the user's.
 *
 * <h2>What is always enforced</h2>
 *
 * <p>Whichever client is used, the transport derives its own from it with
 * {@link OkHttpClient#newBuilder()} (which shares the pool and the dispatcher) and forces what
 * core's policies need, whatever the original says: no automatic retries
 * ({@code retryOnConnectionFailure(false)}, and a network interceptor that stops OkHttp re-sending
 * after a {@code 503} with {@code Retry-After: 0}: a silently repeated request could issue a pass
 * twice), no redirects ({@code followRedirects(false)}, {@code followSslRedirects(false)}: a
 * redirect could carry the bearer token to another host), no authenticator (core handles a
 * {@code 401}), no response cache (every call must reach Civic, and personal data must not be
 * written to disk), and request bodies OkHttp may send only once. The user's client itself is
 * never changed.
 *
 * <p>Every call is bounded by its request's deadline ({@code HttpRequest.remaining()} as OkHttp's
 * call timeout, and the deadline itself so that time spent queued in the dispatcher counts too).
 * A request whose deadline passed before it was written, in the dispatcher's queue or while
 * connecting, is not written at all and fails as not sent. Failures are reported as
 * {@link io.civicpass.spi.TransportException}s that say precisely whether any byte of the request
 * was written.
 *
 * <h2>Logging</h2>
 *
 * <p>OkHttp logs nothing by itself. An interceptor on a shared client (OkHttp's
 * {@code HttpLoggingInterceptor}, say) is the application's choice and sees what it is built to
 * see. Each OkHttp request this transport sends carries core's {@link io.civicpass.spi.HttpRequest}
 * as its tag ({@code request.tag(HttpRequest.class)}): when its
 * {@link io.civicpass.spi.HttpRequest#sensitive()} is true, the request's or the response's body
 * holds a secret or personal data (the token request, PII, evidence) and must not be logged. The
 * {@code Authorization} header carries the bearer token or the client secret: have a header
 * logger redact it ({@code redactHeader("Authorization")}). Request bodies are one-shot, which
 * {@code HttpLoggingInterceptor} does not print.
 *
 * <p>The client set-up, proxy and TLS, the interceptors and the classifier of failures are
 * civicpass-okhttp's, shared with the Feign transport ({@link io.civicpass.okhttp}); this module
 * holds what is Retrofit's: the generic interface, the two exchanges and this builder.
 *
 * <p>Instances are immutable and may be used for any number of clients; each client gets its own
 * connection.
 */
public final class RetrofitTransport implements Transport {

    /** The transport's name, as {@link #name()} returns it and as {@code civicpass.transport} selects it. */
    public static final String NAME = "retrofit";

    /** The prefix of the names of the dispatcher threads of a client the transport builds. */
    static final String THREAD_PREFIX = "civicpass-retrofit-okhttp-";

    private final OkHttpClient userClient;
    private final boolean keepClientTimeouts;

    private RetrofitTransport(Builder builder) {
        this.userClient = builder.okHttpClient;
        this.keepClientTimeouts = builder.keepClientTimeouts;
    }

    /**
     * A transport that builds its own {@link OkHttpClient} for each client, from the settings
     * core hands over, and shuts it down when the client is closed.
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
     * Builds (or derives from the user's) the OkHttp client for one Civic client and wraps it in
     * Retrofit.
     *
     * @param settings the client's timeouts and pool size
     * @return the connection, with a blocking and a non-blocking exchange; closing it releases
     *         only what this transport built
     */
    @Override
    public TransportConnection connect(TransportSettings settings) {
        Objects.requireNonNull(settings, "settings == null");
        boolean ownsClient = userClient == null;
        OkHttpClient.Builder builder = ownsClient
                ? OkHttpClients.ownedBuilder(THREAD_PREFIX, settings.maxConnections())
                : userClient.newBuilder();
        boolean applyTimeouts = ownsClient || !keepClientTimeouts;
        if (applyTimeouts) {
            OkHttpClients.applyTimeouts(builder, settings.connectTimeout(), settings.requestTimeout());
        }
        if (ownsClient) {
            settings.proxy().ifPresent(proxy -> ProxyAndTls.applyProxy(builder, proxy));
            settings.tls().ifPresent(tls -> ProxyAndTls.applyTls(builder, tls));
        }
        // A request that waited past its deadline in the dispatcher's queue is refused before a
        // user's interceptor or a connection sees it; the write guard runs last of all.
        OkHttpClient client = OkHttpClients.forceSafety(builder).build();
        try {
            return new RetrofitConnection(client, ownsClient, applyTimeouts);
        } catch (RuntimeException | Error invalid) {
            if (ownsClient) {
                OkHttpClients.close(client);
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

    /**
     * Builds a {@link RetrofitTransport}. Not thread-safe; the transport it builds is immutable.
     */
    public static final class Builder {

        private OkHttpClient okHttpClient;
        private boolean keepClientTimeouts;

        private Builder() {
        }

        /**
         * Shares an existing OkHttp client: its connection pool, dispatcher (threads and request
         * limits), interceptors, event listener, proxy, TLS and DNS settings. The transport
         * derives its own client with {@link OkHttpClient#newBuilder()} and never changes, shuts
         * down or evicts this one; it creates no threads of its own. The client's pool and
         * dispatcher limits apply to Civic calls as they are: {@code TransportSettings.maxConnections()}
         * does not resize them (OkHttp's default dispatcher runs at most 5 asynchronous requests
         * per host at a time and queues the rest; raise {@link Dispatcher#setMaxRequestsPerHost(int)}
         * for more concurrent non-blocking callers). Its proxy and TLS settings apply as they are:
         * the client configuration's {@code proxy} and {@code tls} are ignored. The safety
         * settings described on
         * {@link RetrofitTransport} are forced on the derived client.
         *
         * <p>Its interceptors see every request, the token request included. Logging them is the
         * application's choice: the request's tag {@code io.civicpass.spi.HttpRequest} says through
         * {@code sensitive()} which bodies hold secrets or personal data, and the
         * {@code Authorization} header must be redacted.
         *
         * @param client the client to share
         * @return this builder
         */
        public Builder okHttpClient(OkHttpClient client) {
            this.okHttpClient = Objects.requireNonNull(client, "client == null");
            return this;
        }

        /**
         * Whether to keep the shared client's own connect, call, read and write timeouts instead
         * of the Civic client configuration's ({@code connectTimeout} for connecting,
         * {@code requestTimeout} for the whole exchange). Off by default. Only meaningful with
         * {@link #okHttpClient(OkHttpClient)}. Each call still ends by its request's deadline
         * when that comes before the client's own call timeout.
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
