package io.civicpass.feign;

import feign.AsyncClient;
import feign.Capability;
import feign.Client;
import feign.Logger;
import feign.RequestInterceptor;
import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Feign transport: sends the requests core builds (token requests and API calls alike)
 * through <a href="https://github.com/OpenFeign/feign">Feign</a>, and hands back every response
 * as it came.
 *
 * <pre>{@code
 * CivicPassClient client = CivicPassClient.builder()
 *         .config(config)
 *         .transport(FeignTransport.create())
 *         .build();
 * }</pre>
 *
 * <p>By default each client's connection creates and owns an
 * <a href="https://square.github.io/okhttp/">OkHttp</a> client (chosen over the JDK's
 * {@code HttpClient}, Apache HttpClient 5 and {@code HttpURLConnection} by measurement: see
 * {@code civicpass-feign/CLIENT-CHOICE.md}), sized and timed from the {@link TransportSettings}:
 * a pool of up to {@link TransportSettings#maxConnections()} idle connections per host, at most
 * that many non-blocking calls per host at a time (twice that in all) on a dispatcher of daemon
 * threads, the settings' connect timeout, and each call bounded by its request's deadline. Blocking
 * calls run on the caller's thread; non-blocking ones on the dispatcher's threads, which are bounded
 * by those limits (OkHttp reads each response with blocking I/O, so each call in flight holds one).
 * The settings' {@linkplain TransportSettings#proxy() proxy} and
 * {@linkplain TransportSettings#tls() TLS} apply to it too: an HTTP proxy ({@code CONNECT}
 * tunnels for {@code https}; only HTTP proxies with Basic credentials, sent preemptively to the
 * proxy only, never to a host on the no-proxy list), and the trust store and client
 * certificate, with OkHttp's host name verification.
 * Closing the client releases all of it at once, on Java 17 too: the calls in flight are
 * cancelled, the dispatcher's threads end and the pooled connections are closed.
 * Parts of an existing Feign setup can be handed over through {@link #builder()}: an HTTP
 * {@link Client} (OkHttp's {@code feign.okhttp.OkHttpClient} over your own OkHttp client, the
 * JDK-based {@code feign.http2client.Http2Client}, a wrapper of your own), an {@link AsyncClient},
 * a {@link Logger}, {@link RequestInterceptor}s and {@link Capability}s (metrics, tracing).
 *
 * <p>Each request goes through a Feign proxy of a generic interface (one method per HTTP verb,
 * taking the complete URI), so Feign's request interceptors, logger and capabilities work as in
 * any Feign setup. Whatever is handed over, the transport keeps the rules of the SPI: Feign never
 * retries ({@link feign.Retryer#NEVER_RETRY}: core's retry policy decides), never follows a
 * redirect (a 3xx is handed back as it came), and never decodes a status: core maps every one.
 * The default client also never repeats a request on its own (OkHttp's retry on connection
 * failure is off, and its repeat after a {@code 503} with {@code Retry-After: 0} is stopped); a
 * handed-over client's own retries are its configuration's business.
 *
 * <p>Timeouts: the default client gets the settings' connect timeout, and each request's
 * remaining time to its deadline as the bound of the whole call (OkHttp's call timeout, with the
 * deadline itself so that time queued in the dispatcher counts); a request whose deadline has
 * passed is never sent, and one whose deadline passes before it was written (queued, or while
 * connecting) is reported as not sent. A handed-over client keeps its own settings (pool, TLS,
 * proxies) and sees only the per-request {@link feign.Request.Options}.
 *
 * <p>Instances are immutable and may be shared by several clients; each client gets its own
 * connection, which it closes when it is closed. A connection releases only what it created, the
 * default client. A {@link Client}, {@link AsyncClient} or capability handed over stays the
 * user's: it is never closed, its pool never evicted, its threads never stopped.
 */
public final class FeignTransport implements Transport {

    /** The transport's name, as {@link #name()} reports it and as discovery selects it. */
    public static final String NAME = "feign";

    private final Client client;
    private final AsyncClient<Object> asyncClient;
    private final Logger logger;
    private final Logger.Level logLevel;
    private final List<RequestInterceptor> requestInterceptors;
    private final List<Capability> capabilities;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    private FeignTransport(Builder builder) {
        this.client = builder.client;
        this.asyncClient = builder.asyncClient;
        this.logger = builder.logger;
        this.logLevel = builder.logLevel;
        this.requestInterceptors = List.copyOf(builder.requestInterceptors);
        this.capabilities = List.copyOf(builder.capabilities);
        this.connectTimeout = builder.connectTimeout;
        this.readTimeout = builder.readTimeout;
    }

    /**
     * A transport with the defaults: an OkHttp client of its own per connection, the settings'
     * timeouts and pool size, no logging.
     *
     * @return the transport
     */
    public static FeignTransport create() {
        return builder().build();
    }

    /**
     * A builder for a transport that reuses parts of an existing Feign setup.
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
     * Builds the Feign proxies for one client, and the default HTTP client unless one was handed
     * over. The connection offers a non-blocking face unless the only client handed over is a
     * blocking one (core then runs it on its own pool).
     *
     * @param settings the client's transport settings, applied to the default client
     * @return the connection
     */
    @Override
    public TransportConnection connect(TransportSettings settings) {
        Objects.requireNonNull(settings, "settings == null");
        return new FeignConnection(this, settings);
    }

    Optional<Client> client() {
        return Optional.ofNullable(client);
    }

    Optional<AsyncClient<Object>> asyncClient() {
        return Optional.ofNullable(asyncClient);
    }

    Logger logger() {
        return logger;
    }

    Logger.Level logLevel() {
        return logLevel;
    }

    List<RequestInterceptor> requestInterceptors() {
        return requestInterceptors;
    }

    List<Capability> capabilities() {
        return capabilities;
    }

    Optional<Duration> connectTimeout() {
        return Optional.ofNullable(connectTimeout);
    }

    Optional<Duration> readTimeout() {
        return Optional.ofNullable(readTimeout);
    }

    /**
     * Describes the settings, naming the types of what was handed over.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "FeignTransport[client=" + (client == null ? "default" : client.getClass().getName())
                + ", asyncClient=" + (asyncClient == null ? "default" : asyncClient.getClass().getName())
                + ", logLevel=" + logLevel + ", requestInterceptors=" + requestInterceptors.size()
                + ", capabilities=" + capabilities.size()
                + ", connectTimeout=" + (connectTimeout == null ? "from settings" : connectTimeout)
                + ", readTimeout=" + (readTimeout == null ? "per request" : readTimeout) + "]";
    }

    /**
     * Builds a {@link FeignTransport}. Every setting is optional.
     */
    public static final class Builder {

        private Client client;
        private AsyncClient<Object> asyncClient;
        private Logger logger = new Logger.NoOpLogger();
        private Logger.Level logLevel = Logger.Level.NONE;
        private final List<RequestInterceptor> requestInterceptors = new ArrayList<>();
        private final List<Capability> capabilities = new ArrayList<>();
        private Duration connectTimeout;
        private Duration readTimeout;

        private Builder() {
        }

        /**
         * Sends requests through this HTTP client instead of the default one, for example
         * {@code new feign.okhttp.OkHttpClient(okHttpClient)}; the transport then creates no
         * HTTP client of its own. It must be able to send
         * {@code PATCH} (the JDK's {@code HttpURLConnection}, Feign's {@code Client.Default},
         * cannot). The transport never closes it. Turn off the client's own retries (OkHttp:
         * {@code retryOnConnectionFailure(false)}): the library's retry policy decides, and a
         * silent retry could issue a pass twice; OkHttp also repeats a request after a {@code 503}
         * with {@code Retry-After: 0} unless a network interceptor prevents it. Feign's
         * {@code Http2Client} cannot be stopped from one: the JDK client under it sends a
         * {@code GET} again when the connection closes before the response (the default client
         * prevents all of these).
         *
         * <p>The client keeps its own settings (pool, dispatcher, TLS, proxy): the
         * {@link TransportSettings} are not applied to it (the configuration's proxy and TLS
         * settings included: configure them on the client; note that the JDK's
         * {@code HttpClient}, under {@code Http2Client}, refuses Basic proxy credentials for
         * {@code https} tunnels unless the system property
         * {@code jdk.http.auth.tunneling.disabledSchemes} is set to leave Basic out), and closing
         * the Civic client never closes it, evicts its pool or stops its threads. The transport
         * passes it only each request's
         * {@link feign.Request.Options} (connect timeout, the time left to the request's
         * deadline as read timeout, no redirects), which it may or may not honour.
         *
         * <p>Unless {@link #asyncClient(AsyncClient)} is also given, the non-blocking face uses it
         * too when it is also an {@link AsyncClient} (as {@code Http2Client} is); otherwise the
         * connection offers only a blocking face, and core answers asynchronous calls from its
         * own bounded pool of threads, closed with the client.
         *
         * @param value the client
         * @return this builder
         */
        public Builder client(Client value) {
            this.client = Objects.requireNonNull(value, "client == null");
            return this;
        }

        /**
         * Sends the non-blocking face's requests through this client. The transport never
         * closes it.
         *
         * @param value the client; the transport passes it no request context
         * @return this builder
         */
        @SuppressWarnings("unchecked") // given no context, a client of any context type behaves alike
        public Builder asyncClient(AsyncClient<?> value) {
            this.asyncClient = (AsyncClient<Object>) Objects.requireNonNull(value, "asyncClient == null");
            return this;
        }

        /**
         * Logs requests through a Feign logger. Secrets stay out of the log at every level: the
         * {@code Authorization} header is attached after Feign has logged the request (Feign
         * sees, and logs, only a random reference header in its place), and no body is ever
         * logged: {@link Logger.Level#FULL} logs as {@link Logger.Level#HEADERS}. Feign would print
         * bodies as they come, and those of the token, PII and evidence requests hold secrets or
         * personal data, while any error body of Civic's may echo the bearer token.
         *
         * @param value the logger, for example {@code new feign.slf4j.Slf4jLogger()}
         * @param level how much to log
         * @return this builder
         */
        public Builder logger(Logger value, Logger.Level level) {
            this.logger = Objects.requireNonNull(value, "logger == null");
            this.logLevel = Objects.requireNonNull(level, "level == null");
            return this;
        }

        /**
         * Adds a request interceptor, applied to every request (token requests included) in the
         * order added, after the transport has copied the request's header fields
         * ({@code User-Agent}, {@code Accept}, {@code Content-Type}) into Feign's template.
         * Interceptors do not see the {@code Authorization} value: it is attached when the
         * request is sent, and replaces any an interceptor sets.
         *
         * @param value the interceptor
         * @return this builder
         */
        public Builder requestInterceptor(RequestInterceptor value) {
            this.requestInterceptors.add(Objects.requireNonNull(value, "requestInterceptor == null"));
            return this;
        }

        /**
         * Adds a Feign capability, for example {@code new feign.micrometer.MicrometerCapability(registry)}.
         * A capability that replaces the retryer or turns on redirects undoes the transport's
         * guarantees; metrics and tracing capabilities are what this is for.
         *
         * @param value the capability
         * @return this builder
         */
        public Builder capability(Capability value) {
            this.capabilities.add(Objects.requireNonNull(value, "capability == null"));
            return this;
        }

        /**
         * Overrides the settings' connect timeout. Applies to the default client and to clients
         * that honour Feign's {@code Request.Options}.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive("connectTimeout", value);
            return this;
        }

        /**
         * Caps Feign's read timeout, which is otherwise each request's remaining time to its
         * deadline; it never extends a deadline. With the default client it bounds each whole
         * call, from the dispatcher's queue to the last byte of the response; handed-over clients
         * such as {@code feign.okhttp.OkHttpClient} apply it to each read from the socket.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder readTimeout(Duration value) {
            this.readTimeout = positive("readTimeout", value);
            return this;
        }

        /**
         * Builds the transport.
         *
         * @return the transport
         */
        public FeignTransport build() {
            return new FeignTransport(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name + " == null");
            if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be positive and at most " + Integer.MAX_VALUE
                        + " ms, was " + value);
            }
            return value;
        }
    }
}
