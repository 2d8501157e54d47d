package io.civicpass.error;

/**
 * HTTP 404 from a pass route: Civic has no pass for the key, or has not shown a new one yet (a
 * pass appears only once its issuance is confirmed on chain). {@code CivicPassClient.find} turns
 * this into an empty {@code Optional}. A 404 from any other route is another type:
 * {@link PiiRequestNotFoundException} or {@link ConfigurationException}.
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
