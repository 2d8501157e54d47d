package io.civicpass.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The transport-level settings of one client, resolved by core from its configuration and
 * applied by each transport's builder to the HTTP client it creates. A transport that is
 * handed a user's own HTTP client leaves that client's settings alone and documents so.
 *
 * @since 0.1.0
 */
public final class TransportSettings {

    /** Connections per client when none is configured: enough for 64 concurrent callers. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxConnections;

    private TransportSettings(Builder builder) {
        this.connectTimeout = builder.connectTimeout;
        this.requestTimeout = builder.requestTimeout;
        this.maxConnections = builder.maxConnections;
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

    @Override
    public String toString() {
        return "TransportSettings[connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxConnections=" + maxConnections + "]";
    }

    /** Builds settings. Not thread-safe. */
    public static final class Builder {

        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;

        private Builder() {
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
