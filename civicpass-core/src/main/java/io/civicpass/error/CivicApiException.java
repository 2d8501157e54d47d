package io.civicpass.error;

import java.util.Optional;

/**
 * Civic's API (or its token endpoint) answered with an error status or an unusable body.
 * Carries the status, the request's method and path, an excerpt of the response body (withheld
 * for responses that may hold secrets or personal data) and Civic's request id when sent.
 */
public class CivicApiException extends CivicPassException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status. */
    private final int status;
    /** The request method. */
    private final String method;
    /** The request path. */
    private final String path;
    /** The start of the response body, or a note that it was withheld. */
    private final String bodyExcerpt;
    /** The server's request id, or null. */
    private final String requestId;

    /**
     * An API failure.
     *
     * @param status      the HTTP status
     * @param method      the request method
     * @param path        the request path (no query, no credentials)
     * @param bodyExcerpt the start of the response body, or a note that it was withheld
     * @param requestId   the server's request id header, or null
     */
    public CivicApiException(int status, String method, String path, String bodyExcerpt, String requestId) {
        this(status, method, path, bodyExcerpt, requestId, null);
    }

    /**
     * An API failure with a cause (a body that could not be decoded, say).
     *
     * @param status      the HTTP status
     * @param method      the request method
     * @param path        the request path (no query, no credentials)
     * @param bodyExcerpt the start of the response body, or a note that it was withheld
     * @param requestId   the server's request id header, or null
     * @param cause       the underlying failure, or null
     */
    public CivicApiException(int status, String method, String path, String bodyExcerpt, String requestId,
                             Throwable cause) {
        super(describe(status, method, path, bodyExcerpt, requestId), cause);
        this.status = status;
        this.method = method;
        this.path = path;
        this.bodyExcerpt = bodyExcerpt == null ? "" : bodyExcerpt;
        this.requestId = requestId;
    }

    private static String describe(int status, String method, String path, String bodyExcerpt, String requestId) {
        StringBuilder message = new StringBuilder()
                .append(method).append(' ').append(path).append(" failed with HTTP ").append(status);
        if (requestId != null) {
            message.append(" (request id ").append(requestId).append(')');
        }
        if (bodyExcerpt != null && !bodyExcerpt.isEmpty()) {
            message.append(": ").append(bodyExcerpt);
        }
        return message.toString();
    }

    /**
     * The HTTP status.
     *
     * @return the status code
     */
    public int status() {
        return status;
    }

    /**
     * The request method.
     *
     * @return for example {@code GET}
     */
    public String method() {
        return method;
    }

    /**
     * The request path.
     *
     * @return for example {@code /pass/ethereum/sepolia/0x...}
     */
    public String path() {
        return path;
    }

    /**
     * The start of the response body, or a note that it was withheld.
     *
     * @return the excerpt, possibly empty
     */
    public String bodyExcerpt() {
        return bodyExcerpt;
    }

    /**
     * The server's request id, for a support ticket.
     *
     * @return the id or empty
     */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }
}
