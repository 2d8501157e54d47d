package io.civicpass.error;

/**
 * HTTP 404 from a PII route: Civic has no PII request for the id, or no longer has it (PII is
 * kept for at most 7 days, or only until it is first read), or the evidence item is missing.
 */
public class PiiRequestNotFoundException extends CivicApiException {

    private static final long serialVersionUID = 1L;

    /**
     * The failure.
     *
     * @param status    the HTTP status
     * @param method    the request method
     * @param path      the request path
     * @param requestId the server's request id, or null
     */
    public PiiRequestNotFoundException(int status, String method, String path, String requestId) {
        super(status, method, path, "", requestId);
    }
}
