package io.civicpass.error;

/**
 * HTTP 401 or 403, or a failed token request: the credentials are wrong, the token was refused, or the client lacks the scope.
 */
public class AuthenticationException extends CivicApiException {

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
    public AuthenticationException(int status, String method, String path, String bodyExcerpt, String requestId) {
        super(status, method, path, bodyExcerpt, requestId);
    }
}
