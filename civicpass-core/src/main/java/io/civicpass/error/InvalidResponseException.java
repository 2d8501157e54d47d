package io.civicpass.error;

/**
 * Civic answered with a success status but a body the library cannot use (malformed or
 * truncated JSON, a missing required field, an HTML page from a proxy).
 */
public class InvalidResponseException extends CivicApiException {

    private static final long serialVersionUID = 1L;

    /**
     * The failure.
     *
     * @param status      the HTTP status
     * @param method      the request method
     * @param path        the request path
     * @param bodyExcerpt the start of the response body, or a note that it was withheld
     * @param requestId   the server's request id, or null
     * @param cause       the decoding failure
     */
    public InvalidResponseException(int status, String method, String path, String bodyExcerpt, String requestId,
                                    Throwable cause) {
        super(status, method, path, bodyExcerpt, requestId, cause);
    }
}
