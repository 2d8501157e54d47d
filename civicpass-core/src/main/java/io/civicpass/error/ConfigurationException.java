package io.civicpass.error;

/**
 * A response that only a misconfigured client gets: HTTP 404 from the token endpoint, or from a
 * route that always exists (list, issue). The message names the URL to check, without its user
 * info or query.
 */
public class ConfigurationException extends CivicApiException {

    private static final long serialVersionUID = 1L;

    /** The URL to check. */
    private final String url;

    /**
     * The failure.
     *
     * @param status    the HTTP status
     * @param method    the request method
     * @param path      the request path
     * @param url       the URL to check: scheme, host, port and path only
     * @param requestId the server's request id, or null
     */
    public ConfigurationException(int status, String method, String path, String url, String requestId) {
        super(status, method, path, "nothing there: check the configured URL " + url, requestId);
        this.url = url;
    }

    /**
     * The URL to check.
     *
     * @return scheme, host, port and path
     */
    public String url() {
        return url;
    }
}
