package io.civicpass.error;

import java.util.Objects;

/**
 * The request did not complete at the HTTP level: connection refused or reset, a timeout, an
 * I/O error. {@link #kind()} says whether the request may have reached Civic, which decides
 * whether it is safe to send again.
 */
public class CivicTransportException extends CivicPassException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as it matters for retrying. */
    public enum Kind {
        /** No connection was made: the request cannot have reached Civic. */
        CONNECT,
        /** The connection or response timed out: Civic may have acted on the request. */
        TIMEOUT,
        /** The connection failed mid-exchange: Civic may have acted on the request. */
        IO
    }

    /** What went wrong. */
    private final Kind kind;
    /** The request method. */
    private final String method;
    /** The request path. */
    private final String path;
    /** Whether any byte of the request may have left this process. */
    private final boolean mayHaveBeenSent;

    /**
     * The failure.
     *
     * @param kind   what went wrong
     * @param method the request method
     * @param path   the request path
     * @param cause  the underlying failure, or null
     */
    public CivicTransportException(Kind kind, String method, String path, Throwable cause) {
        this(kind, kind != Kind.CONNECT, method, path, cause);
    }

    /**
     * A transport failure whose sending is known: a request whose deadline passed while it
     * waited for a pooled connection timed out without being sent, say.
     *
     * @param kind            what went wrong
     * @param mayHaveBeenSent whether any byte of the request may have left this process
     * @param method          the request method
     * @param path            the request path
     * @param cause           the underlying failure, or null
     */
    public CivicTransportException(Kind kind, boolean mayHaveBeenSent, String method, String path, Throwable cause) {
        super(method + " " + path + " failed: " + describe(kind) + (mayHaveBeenSent || kind == Kind.CONNECT ? ""
                : " before the request was sent") + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")"),
                cause);
        if (kind == Kind.CONNECT && mayHaveBeenSent) {
            throw new IllegalArgumentException("a connect failure cannot have sent the request");
        }
        this.kind = Objects.requireNonNull(kind, "kind == null");
        this.method = method;
        this.path = path;
        this.mayHaveBeenSent = mayHaveBeenSent;
    }

    private static String describe(Kind kind) {
        switch (kind) {
            case CONNECT:
                return "could not connect";
            case TIMEOUT:
                return "timed out";
            default:
                return "connection failed during the exchange";
        }
    }

    /**
     * What went wrong.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Whether Civic may have received and acted on the request.
     *
     * @return false only when the request certainly was not sent: a {@link Kind#CONNECT}
     *         failure, or a timeout while it waited for a connection
     */
    public boolean requestMayHaveBeenSent() {
        return mayHaveBeenSent;
    }

    /**
     * The request method.
     *
     * @return for example {@code POST}
     */
    public String method() {
        return method;
    }

    /**
     * The request path.
     *
     * @return the path
     */
    public String path() {
        return path;
    }
}
