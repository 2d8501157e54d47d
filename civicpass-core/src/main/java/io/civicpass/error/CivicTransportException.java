package io.civicpass.error;

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

    /**
     * The failure.
     *
     * @param kind   what went wrong
     * @param method the request method
     * @param path   the request path
     * @param cause  the underlying failure, or null
     */
    public CivicTransportException(Kind kind, String method, String path, Throwable cause) {
        super(method + " " + path + " failed: " + describe(kind) + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")"),
                cause);
        this.kind = kind;
        this.method = method;
        this.path = path;
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
     * @return false only for {@link Kind#CONNECT}
     */
    public boolean requestMayHaveBeenSent() {
        return kind != Kind.CONNECT;
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
