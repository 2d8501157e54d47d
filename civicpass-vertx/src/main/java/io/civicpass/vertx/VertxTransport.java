package io.civicpass.vertx;

import io.civicpass.spi.ProxySettings;
import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportSettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Objects;

/**
 * The non-blocking Civic Pass transport over the Vert.x Web Client. Core builds every request
 * (the token request included) and reads every response; this transport sends each one as an
 * asynchronous exchange completed on a Vert.x event loop, and the asynchronous client's waits
 * (retry backoff, token refresh, confirmation polling) run on Vert.x timers, so no thread is put
 * to sleep.
 *
 * <pre>{@code
 * CivicPassAsyncClient client = CivicPassClient.builder()
 *     .config(config)
 *     .transport(VertxTransport.create(vertx))
 *     .buildAsync();
 * }</pre>
 *
 * <p>Ownership: a {@link Vertx} or {@link WebClient} handed over by the caller is never closed
 * by this transport; what the transport creates itself (a {@code Vertx} for
 * {@link #create()}, a {@code WebClient} unless one was given) is created per client
 * connection and closed when the client is closed.
 *
 * <p>Settings and pool sizes: a {@code WebClient} the transport creates gets the client's
 * {@link TransportSettings}: its TCP connect timeout is {@link TransportSettings#connectTimeout()}
 * and its pool holds up to {@link TransportSettings#maxConnections()} HTTP/1.1 connections per
 * host (64 by default, enough for 64 concurrent callers; Vert.x's own default would be 5), with
 * Vert.x's default of one multiplexed HTTP/2 connection should HTTP/2 be turned on through
 * {@link Builder#webClientOptions}. A {@code WebClient} handed over keeps its own options
 * (connect timeout, pool sizes, TLS, proxy) untouched: size its pool for the concurrency you
 * need, as Vert.x's default pool of 5 connections makes further callers queue.
 *
 * <p>Proxy and TLS: a {@code WebClient} the transport creates applies the settings'
 * {@linkplain TransportSettings#proxy() proxy} per request (an HTTP proxy, {@code CONNECT}
 * tunnels for {@code https}; a host on the no-proxy list is reached directly, and the Basic
 * credentials, which Vert.x sends preemptively, go to the proxy only) and their
 * {@linkplain TransportSettings#tls() TLS} trust store and client certificate (over any trust or
 * key options given with {@link Builder#webClientOptions}). Only HTTP proxies with Basic
 * credentials are supported. A {@code WebClient} handed over keeps its own proxy and TLS options;
 * the settings' are ignored.
 *
 * <p>Logging: the transport logs nothing of its own. Vert.x's network activity logging
 * ({@code setLogActivity(true)} on the options of a {@code WebClient}, handed over or given
 * through {@link Builder#webClientOptions}) writes every byte sent and received, the
 * {@code Authorization} header and the bodies of the token and PII exchanges included: keep it
 * off for Civic's API.
 *
 * <p>Deadlines: every request is bounded by its own deadline, from the moment core hands it
 * over to the last byte of the response, the wait for a pooled connection included. A request
 * whose deadline passes while it waits for a connection is never written, and is reported as
 * not sent; one that times out after it was written is reported as possibly sent. Cancelling
 * the future of an exchange abandons it: a request not yet written never will be, one in flight
 * is reset. Redirects are never followed (a redirect could carry the bearer token to another
 * host) and the HTTP layer never repeats a request.
 *
 * <p>The blocking face ({@code CivicPassClient}) also works over this transport, from any
 * thread except a Vert.x event-loop thread: plain application threads, worker verticles,
 * {@code executeBlocking} and virtual-thread verticles. On an event-loop thread it fails fast
 * with an {@link IllegalStateException} instead of blocking the loop it waits on. Instances
 * are immutable and thread-safe.
 */
public final class VertxTransport implements Transport {

    /** The transport's name, as sent in the {@code User-Agent} and chosen by {@code civicpass.transport}. */
    public static final String NAME = "vertx";

    private final Vertx vertx;
    private final WebClient webClient;
    private final WebClientOptions webClientOptions;
    private final PoolOptions poolOptions;

    private VertxTransport(Builder builder) {
        this.vertx = builder.vertx;
        this.webClient = builder.webClient;
        this.webClientOptions = builder.webClientOptions == null ? null : new WebClientOptions(builder.webClientOptions);
        this.poolOptions = builder.poolOptions == null ? null : new PoolOptions(builder.poolOptions);
    }

    /**
     * A transport that starts its own {@link Vertx} for each client it connects and closes it
     * when that client is closed. Convenient for applications that do not otherwise use
     * Vert.x; inside a Vert.x application prefer {@link #create(Vertx)}.
     *
     * @return the transport
     */
    public static VertxTransport create() {
        return builder().build();
    }

    /**
     * A transport on the caller's {@link Vertx}, which it never closes. Each client connected
     * gets its own {@link WebClient} on that {@code Vertx}, closed with the client.
     *
     * @param vertx the Vert.x instance to run on
     * @return the transport
     */
    public static VertxTransport create(Vertx vertx) {
        return builder().vertx(vertx).build();
    }

    /**
     * A builder, for handing over a {@link Vertx}, a {@link WebClient} or options.
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
     * Connects one client: uses or creates the {@code Vertx} and {@code WebClient}, applying the
     * settings to a {@code WebClient} it creates (see the class description).
     *
     * @param settings the client's connect timeout, request timeout and pool size
     * @return the connection; closing it closes only what was created here
     */
    @Override
    public TransportConnection connect(TransportSettings settings) {
        Objects.requireNonNull(settings, "settings == null");
        Vertx usedVertx = vertx;
        boolean ownsVertx = false;
        if (usedVertx == null) {
            usedVertx = Vertx.vertx();
            ownsVertx = true;
        }
        WebClient usedClient = webClient;
        boolean ownsClient = false;
        try {
            if (usedClient == null) {
                usedClient = createWebClient(usedVertx, settings);
                ownsClient = true;
            }
            // A WebClient handed over keeps its own proxy; the settings' proxy is for ours only.
            ProxySettings proxy = ownsClient ? settings.proxy().orElse(null) : null;
            return new VertxConnection(usedVertx, ownsVertx, usedClient, ownsClient, proxy);
        } catch (RuntimeException | Error failure) {
            if (ownsClient) {
                usedClient.close();
            }
            if (ownsVertx) {
                usedVertx.close();
            }
            throw failure;
        }
    }

    private WebClient createWebClient(Vertx on, TransportSettings settings) {
        WebClientOptions options = webClientOptions == null ? new WebClientOptions() : new WebClientOptions(webClientOptions);
        options.setFollowRedirects(false) // a redirect could carry the bearer token to another host
                .setConnectTimeout(toMillis(settings.connectTimeout()))
                .setUserAgentEnabled(false); // every request sends the client's own User-Agent
        settings.tls().ifPresent(tls -> {
            options.setTrustOptions(TrustOptions.wrap(FixedManagers.trusting(tls.trustManager())));
            tls.keyManager().ifPresent(key -> options.setKeyCertOptions(KeyCertOptions.wrap(FixedManagers.presenting(key))));
        });
        PoolOptions pool = poolOptions == null ? new PoolOptions() : new PoolOptions(poolOptions);
        pool.setHttp1MaxSize(settings.maxConnections());
        return WebClient.create(on, options, pool);
    }

    private static int toMillis(java.time.Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }

    /**
     * Describes the transport.
     *
     * @return what was handed over
     */
    @Override
    public String toString() {
        return "VertxTransport[vertx=" + (vertx == null ? "own" : "given") + ", webClient="
                + (webClient == null ? "own" : "given") + "]";
    }

    /**
     * Configures a {@link VertxTransport}. Everything is optional: without a {@code Vertx} the
     * transport starts one per client; without a {@code WebClient} it creates one per client
     * from the given (or default) options.
     */
    public static final class Builder {

        private Vertx vertx;
        private WebClient webClient;
        private WebClientOptions webClientOptions;
        private PoolOptions poolOptions;

        private Builder() {
        }

        /**
         * Runs on this {@link Vertx}: its event loops carry the exchanges and its timers the
         * client's waits. It is never closed by the transport.
         *
         * @param value the Vert.x instance
         * @return this builder
         */
        public Builder vertx(Vertx value) {
            this.vertx = Objects.requireNonNull(value, "vertx == null");
            return this;
        }

        /**
         * Sends through this {@link WebClient}, which is never closed by the transport. Give the
         * {@link Vertx} it was created on too. Its own options (connect timeout, pool sizes, TLS,
         * proxy) apply unchanged, the client's {@link TransportSettings} do not: size its pool
         * ({@link PoolOptions#setHttp1MaxSize(int)}, 5 by default in Vert.x) for the callers you
         * expect. Each request still turns redirects off and is bounded by its deadline. The
         * transport sends through a private view of it (its pool, options and interceptors,
         * without cookies); the client itself is not changed.
         *
         * @param value the web client
         * @return this builder
         */
        public Builder webClient(WebClient value) {
            this.webClient = Objects.requireNonNull(value, "webClient == null");
            return this;
        }

        /**
         * Options for the {@link WebClient} the transport creates: keep-alive, TLS, proxy,
         * idle timeouts and so on. Copied; the transport then turns redirects off, sets the
         * connect timeout from the client's {@link TransportSettings#connectTimeout()} and sends
         * the client's own {@code User-Agent}.
         *
         * @param value the options
         * @return this builder
         */
        public Builder webClientOptions(WebClientOptions value) {
            this.webClientOptions = new WebClientOptions(Objects.requireNonNull(value, "webClientOptions == null"));
            return this;
        }

        /**
         * Connection-pool options for the {@link WebClient} the transport creates: wait-queue
         * size, HTTP/2 pool size, connection lifetime and so on. Copied; the HTTP/1.1 pool size
         * is then set to the client's {@link TransportSettings#maxConnections()} (64 by
         * default). To choose every pool size yourself, hand over your own {@code WebClient}.
         *
         * @param value the pool options
         * @return this builder
         */
        public Builder poolOptions(PoolOptions value) {
            this.poolOptions = new PoolOptions(Objects.requireNonNull(value, "poolOptions == null"));
            return this;
        }

        /**
         * Builds the transport.
         *
         * @return the transport
         * @throws IllegalStateException when a {@code WebClient} is given without its
         *                               {@code Vertx}, or together with options it would ignore
         */
        public VertxTransport build() {
            if (webClient != null && vertx == null) {
                throw new IllegalStateException("a WebClient was given without the Vertx it runs on: call vertx(...) too");
            }
            if (webClient != null && (webClientOptions != null || poolOptions != null)) {
                throw new IllegalStateException("webClientOptions/poolOptions apply only to a WebClient the transport creates,"
                        + " not to one given with webClient(...): configure that one directly");
            }
            return new VertxTransport(this);
        }
    }
}
