package io.civicpass.error;

/**
 * Root of every exception the library throws for a failed Civic Pass call (invalid input aside,
 * which is an {@link IllegalArgumentException} raised before anything is sent). Unchecked.
 * Messages never contain a client secret, an access token or personal data.
 */
public class CivicPassException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message what failed
     */
    public CivicPassException(String message) {
        super(message);
    }

    /**
     * An exception with a message and a cause.
     *
     * @param message what failed
     * @param cause   the underlying failure
     */
    public CivicPassException(String message, Throwable cause) {
        super(message, cause);
    }
}
