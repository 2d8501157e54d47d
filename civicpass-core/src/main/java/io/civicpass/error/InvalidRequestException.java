package io.civicpass.error;

/**
 * HTTP 400, 409 or 422: Civic refused the request as invalid (for example issuing to a wallet whose pass was revoked).
 */
public class InvalidRequestException extends CivicApiException {

    private static final long serialVersionUID = 1L;

    /**
     * The failure.
     *
     * @param status      the HTTP status
     * @param method      the request method
     * @param path        the request path
     * @param bodyExcerpt the start of the response body, or a note that it was withheld
     * @param requestId   the server's request id, or null
     */
    public InvalidRequestException(int status, String method, String path, String bodyExcerpt, String requestId) {
        super(status, method, path, bodyExcerpt, requestId);
    }
}
