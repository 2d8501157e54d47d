package io.civicpass.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The transport-level settings of one client, resolved by core from its configuration and
 * applied by each transport's builder to the HTTP client it creates: timeouts, pool size, and
 * optionally an HTTP proxy ({@link ProxySettings}) and TLS trust and client certificate
 * ({@link TlsSettings}). A transport that is handed a user's own HTTP client leaves that
 * client's settings alone (its proxy and TLS included) and documents so; a transport that cannot
 * honour a setting for a client it builds says which in its documentation.
 *
 * @since 0.1.0
 */
public final class TransportSettings {

    /** Connections per client when none is configured: enough for 64 concurrent callers. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxConnections;
    private final ProxySettings proxy;
    private final TlsSettings tls;

    private TransportSettings(Builder builder) {
        this.connectTimeout = builder.connectTimeout;
        this.requestTimeout = builder.requestTimeout;
        this.maxConnections = builder.maxConnections;
        this.proxy = builder.proxy;
        this.tls = builder.tls;
    }

    /**
     * A builder with the defaults: 5 s to connect, 30 s per request, 64 connections.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The most a connection attempt may take.
     *
     * @return the connect timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The most one exchange may take; each request carries its own, never longer, deadline.
     *
     * @return the request timeout
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * The most connections to keep open to one host, where the HTTP library pools them.
     *
     * @return the pool size
     */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * The HTTP proxy to send requests through, for an HTTP client the transport builds.
     *
     * @return the proxy, or empty to connect directly
     * @since 0.1.0
     */
    public Optional<ProxySettings> proxy() {
        return Optional.ofNullable(proxy);
    }

    /**
     * The TLS trust and client certificate, for an HTTP client the transport builds.
     *
     * @return the settings, or empty for the JDK's defaults
     * @since 0.1.0
     */
    public Optional<TlsSettings> tls() {
        return Optional.ofNullable(tls);
    }

    /**
     * Describes the settings; never shows a password.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "TransportSettings[connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxConnections=" + maxConnections + (proxy == null ? "" : ", proxy=" + proxy)
                + (tls == null ? "" : ", tls=" + tls) + "]";
    }

    /** Builds settings. Not thread-safe. */
    public static final class Builder {

        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private ProxySettings proxy;
        private TlsSettings tls;

        private Builder() {
        }

        /**
         * Sends requests through an HTTP proxy.
         *
         * @param value the proxy
         * @return this builder
         * @since 0.1.0
         */
        public Builder proxy(ProxySettings value) {
            this.proxy = Objects.requireNonNull(value, "proxy == null");
            return this;
        }

        /**
         * Sets the TLS trust and client certificate.
         *
         * @param value the TLS settings
         * @return this builder
         * @since 0.1.0
         */
        public Builder tls(TlsSettings value) {
            this.tls = Objects.requireNonNull(value, "tls == null");
            return this;
        }

        /**
         * Sets the connect timeout.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /**
         * Sets the request timeout.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = positive(value, "requestTimeout");
            return this;
        }

        /**
         * Sets the connection pool size.
         *
         * @param value 1 or more
         * @return this builder
         */
        public Builder maxConnections(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, was " + value);
            }
            this.maxConnections = value;
            return this;
        }

        /**
         * The settings.
         *
         * @return immutable settings
         */
        public TransportSettings build() {
            return new TransportSettings(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name + " == null");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
