package io.civicpass.spi;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One HTTP request as core built it, complete and immutable: a transport sends exactly this and
 * adds nothing but what its HTTP library must (Host, Content-Length, Connection).
 *
 * <p>Every request carries its deadline: the time by which the transport must have an answer
 * or give up with a {@link TransportException.Kind#TIMEOUT}. It covers the whole exchange,
 * waiting for a pooled connection included; a request whose deadline passed before it was
 * written must not be written at all (report it as {@link TransportException#notSent}).
 *
 * <p>A {@linkplain #sensitive() sensitive} request's or response's body holds a secret or
 * personal data (the token request, PII, evidence): a transport's logging must never print it,
 * at any level. The {@code Authorization} header is never to be logged either.
 *
 * @since 0.1.0
 */
public final class HttpRequest {

    private final HttpMethod method;
    private final URI uri;
    private final Headers headers;
    private final byte[] body;
    private final boolean sensitive;
    private final Duration timeout;
    private final long deadlineNanos;

    private HttpRequest(Builder builder) {
        this.method = builder.method;
        this.uri = builder.uri;
        this.headers = builder.headers.build();
        this.body = builder.body == null ? null : builder.body.clone();
        this.sensitive = builder.sensitive;
        this.timeout = builder.timeout;
        this.deadlineNanos = System.nanoTime() + saturatedNanos(builder.timeout);
    }

    /**
     * A builder for a request.
     *
     * @param method the method
     * @param uri    the absolute URI, already encoded
     * @return a new builder
     */
    public static Builder builder(HttpMethod method, URI uri) {
        return new Builder(method, uri);
    }

    /**
     * The method.
     *
     * @return the method
     */
    public HttpMethod method() {
        return method;
    }

    /**
     * The absolute URI, already encoded: send it as it is.
     *
     * @return the URI
     */
    public URI uri() {
        return uri;
    }

    /**
     * The header fields to send.
     *
     * @return the headers
     */
    public Headers headers() {
        return headers;
    }

    /**
     * Whether the request has a body.
     *
     * @return true when there is a body to send
     */
    public boolean hasBody() {
        return body != null;
    }

    /**
     * The body.
     *
     * @return a copy of the body, or null when the request has none
     */
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    /**
     * The body's length, without copying it.
     *
     * @return the length, or -1 when there is no body
     */
    public int bodyLength() {
        return body == null ? -1 : body.length;
    }

    /**
     * Whether the request's or its response's body holds a secret or personal data, so that no
     * log may print either body.
     *
     * @return true for the token, PII and evidence requests
     */
    public boolean sensitive() {
        return sensitive;
    }

    /**
     * The time this exchange was given when core handed it over: the smaller of the request
     * timeout and what was left of the call's deadline.
     *
     * @return a positive duration
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * What is left until the deadline, now. Apply it as the HTTP library's timeout for the
     * exchange, and check it once a pooled connection is obtained.
     *
     * @return the time left; zero or negative once the deadline has passed
     */
    public Duration remaining() {
        return Duration.ofNanos(deadlineNanos - System.nanoTime());
    }

    /**
     * Whether the deadline has passed.
     *
     * @return true when no time is left
     */
    public boolean expired() {
        return deadlineNanos - System.nanoTime() <= 0;
    }

    /**
     * The deadline on the {@link System#nanoTime()} scale.
     *
     * @return the deadline in nanoseconds
     */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /**
     * Method, scheme, host and path only: the query, header values and body may hold secrets.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "HttpRequest[" + method + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath()
                + ", headers=" + headers + ", body=" + (body == null ? "none" : body.length + " bytes")
                + (sensitive ? ", sensitive" : "") + "]";
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }

    /** Builds a request. Not thread-safe. */
    public static final class Builder {

        /** A request's time when none is set: long enough for any real exchange. */
        private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

        private final HttpMethod method;
        private final URI uri;
        private final Headers.Builder headers = Headers.builder();
        private byte[] body;
        private boolean sensitive;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(HttpMethod method, URI uri) {
            this.method = Objects.requireNonNull(method, "method == null");
            this.uri = Objects.requireNonNull(uri, "uri == null");
            if (!uri.isAbsolute()) {
                throw new IllegalArgumentException("uri must be absolute, was a relative reference");
            }
        }

        /**
         * Adds a header value.
         *
         * @param name  the field name
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /**
         * Sets the body and its {@code Content-Type}.
         *
         * @param content     the bytes (copied)
         * @param contentType the media type
         * @return this builder
         */
        public Builder body(byte[] content, String contentType) {
            Objects.requireNonNull(content, "content == null");
            Objects.requireNonNull(contentType, "contentType == null");
            this.body = content.clone();
            headers.set("Content-Type", contentType);
            return this;
        }

        /**
         * Marks the request as carrying a secret or personal data in its or its response's body.
         *
         * @param value whether it does
         * @return this builder
         */
        public Builder sensitive(boolean value) {
            this.sensitive = value;
            return this;
        }

        /**
         * Sets the time the exchange may take from now, pool wait included.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout == null");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + value);
            }
            this.timeout = value;
            return this;
        }

        /**
         * The request; its deadline starts now.
         *
         * @return the request
         */
        public HttpRequest build() {
            return new HttpRequest(this);
        }
    }
}
