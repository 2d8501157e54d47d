package io.civicpass.spi;

import java.util.Objects;

/**
 * A failure below HTTP, as a transport reports it: the exchange got no complete response.
 * Core turns it into a {@link io.civicpass.error.CivicTransportException} and decides from
 * {@link #mayHaveBeenSent()} whether the request may be repeated, so a transport must say
 * precisely what it knows. When unsure, it may have been sent.
 *
 * <p>A transport may also report a failure with any {@link java.io.IOException} (or a stage
 * completed with one); core then classifies it conservatively.
 *
 * @since 0.1.0
 */
public class TransportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** No connection: refused, unreachable, failed TLS handshake, or connect timeout. */
        CONNECT,
        /** The deadline passed before a complete response arrived. */
        TIMEOUT,
        /** The connection broke, or the response could not be read. */
        IO
    }

    /** What went wrong. */
    private final Kind kind;
    /** Whether any byte of the request may have left this process. */
    private final boolean mayHaveBeenSent;

    /**
     * A transport failure.
     *
     * @param kind            what went wrong
     * @param mayHaveBeenSent whether any byte of the request may have left this process
     * @param message         a description without URLs' query strings, header values or bodies
     * @param cause           the HTTP library's exception, or null
     */
    public TransportException(Kind kind, boolean mayHaveBeenSent, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind == null");
        this.mayHaveBeenSent = mayHaveBeenSent;
    }

    /**
     * A failure before any byte of the request was written: no connection, or the deadline
     * passed while the request waited for one.
     *
     * @param kind    {@link Kind#CONNECT}, or {@link Kind#TIMEOUT} for a deadline passed in the pool
     * @param message a description
     * @param cause   the library's exception, or null
     * @return the exception
     */
    public static TransportException notSent(Kind kind, String message, Throwable cause) {
        return new TransportException(kind, false, message, cause);
    }

    /**
     * A failure after the request may have been written, in whole or in part.
     *
     * @param kind    {@link Kind#TIMEOUT} or {@link Kind#IO}
     * @param message a description
     * @param cause   the library's exception, or null
     * @return the exception
     */
    public static TransportException maybeSent(Kind kind, String message, Throwable cause) {
        return new TransportException(kind, true, message, cause);
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
     * Whether any byte of the request may have left this process, so that Civic may have acted on it.
     *
     * @return false only when the request certainly was not sent
     */
    public boolean mayHaveBeenSent() {
        return mayHaveBeenSent;
    }
}
