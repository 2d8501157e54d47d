package io.civicpass.port;

import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpResponse;

import java.time.Instant;
import java.util.Objects;

/**
 * One Civic API operation with its arguments, described completely: the operation's name,
 * method, path template and encoded path, body, whether it may be repeated, and how its
 * response reads (including which status means which error). Core describes every operation
 * once, in one place, and both client faces and every gateway run those descriptions.
 *
 * @param <T> the result of a successful response ({@code Void} for operations without one)
 * @since 0.1.0
 */
public final class ApiCall<T> {

    /** Whether, and how, an attempt may be made again after one whose outcome is unknown. */
    public enum Repeat {
        /** A read: repeat freely. */
        SAFE,
        /** Sets absolute values, so a repeat ends in the same state: repeat after an ambiguous failure. */
        IDEMPOTENT,
        /**
         * Must not act twice: sent again only after an attempt that certainly did not reach
         * Civic; after any other failure the client reconciles by looking the result up.
         */
        AT_MOST_ONCE
    }

    /**
     * Reads a response into the result, or into the exception its status means.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface Reader<T> {
        /**
         * Reads a response.
         *
         * @param response the response
         * @param now      the current time, for {@code Retry-After} dates
         * @return the result (null for operations without one)
         * @throws io.civicpass.error.CivicPassException for a non-2xx status or an unusable body
         */
        T read(HttpResponse response, Instant now);
    }

    private final String name;
    private final HttpMethod method;
    private final String pathTemplate;
    private final String path;
    private final byte[] body;
    private final String contentType;
    private final boolean sensitive;
    private final Repeat repeat;
    private final Reader<T> reader;

    /**
     * Describes a call.
     *
     * @param name         the operation's name, low-cardinality, for example {@code freeze}
     * @param method       the HTTP method
     * @param pathTemplate the path template relative to the API base, for example {@code /pass/{chain}/{chainNetwork}/{wallet}}
     * @param path         the encoded path relative to the API base, starting with {@code /}
     * @param body         the body, or null
     * @param contentType  the body's media type, or null without a body
     * @param sensitive    whether the response (or request) body holds secrets or personal data
     * @param repeat       whether the call may be repeated
     * @param reader       reads the response
     */
    public ApiCall(String name, HttpMethod method, String pathTemplate, String path, byte[] body, String contentType,
                   boolean sensitive, Repeat repeat, Reader<T> reader) {
        this.name = Objects.requireNonNull(name, "name == null");
        this.method = Objects.requireNonNull(method, "method == null");
        this.pathTemplate = Objects.requireNonNull(pathTemplate, "pathTemplate == null");
        this.path = Objects.requireNonNull(path, "path == null");
        if ((body == null) != (contentType == null)) {
            throw new IllegalArgumentException("body and contentType go together");
        }
        this.body = body == null ? null : body.clone();
        this.contentType = contentType;
        this.sensitive = sensitive;
        this.repeat = Objects.requireNonNull(repeat, "repeat == null");
        this.reader = Objects.requireNonNull(reader, "reader == null");
    }

    /**
     * The operation's name, for metrics and logs: low-cardinality, never an id.
     *
     * @return for example {@code issue}
     */
    public String name() {
        return name;
    }

    /**
     * The HTTP method.
     *
     * @return the method
     */
    public HttpMethod method() {
        return method;
    }

    /**
     * The path template, for metrics and logs: holds no wallet or id.
     *
     * @return for example {@code /pass/{chain}/{chainNetwork}/{wallet}}
     */
    public String pathTemplate() {
        return pathTemplate;
    }

    /**
     * The encoded path relative to the API base.
     *
     * @return the path, starting with {@code /}
     */
    public String path() {
        return path;
    }

    /**
     * The request body.
     *
     * @return a copy of the body, or null when there is none
     */
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    /**
     * The body's media type.
     *
     * @return the media type, or null when there is no body
     */
    public String contentType() {
        return contentType;
    }

    /**
     * Whether a body of this exchange holds secrets or personal data.
     *
     * @return true for PII and evidence
     */
    public boolean sensitive() {
        return sensitive;
    }

    /**
     * Whether the call may be repeated.
     *
     * @return the repeat rule
     */
    public Repeat repeat() {
        return repeat;
    }

    /**
     * Reads the response.
     *
     * @param response the response
     * @param now      the current time
     * @return the result
     * @throws io.civicpass.error.CivicPassException for a non-2xx status or an unusable body
     */
    public T read(HttpResponse response, Instant now) {
        return reader.read(response, now);
    }

    /**
     * Names the operation and template only: the path holds a wallet or id.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "ApiCall[" + name + ": " + method + " " + pathTemplate + "]";
    }
}
