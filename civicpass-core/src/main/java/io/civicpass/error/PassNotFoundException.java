package io.civicpass.error;

/**
 * HTTP 404: no pass for the key (or no PII request for the id). {@code CivicPassClient.find} turns this into an empty {@code Optional}.
 */
public class PassNotFoundException extends CivicApiException {

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
    public PassNotFoundException(int status, String method, String path, String bodyExcerpt, String requestId) {
        super(status, method, path, bodyExcerpt, requestId);
    }
}
