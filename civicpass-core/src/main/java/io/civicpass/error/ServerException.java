package io.civicpass.error;

/**
 * HTTP 5xx: Civic failed. Safe operations are retried per the retry policy before this is thrown.
 */
public class ServerException extends CivicApiException {

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
    public ServerException(int status, String method, String path, String bodyExcerpt, String requestId) {
        super(status, method, path, bodyExcerpt, requestId);
    }
}
