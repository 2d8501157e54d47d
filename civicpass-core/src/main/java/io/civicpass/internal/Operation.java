package io.civicpass.internal;

/**
 * The HTTP operations of Civic's API, with what the retry engine and error mapping need to
 * know about each.
 */
public enum Operation {
    /** {@code GET /pass/{chain}/{network}/{wallet}}. */
    RETRIEVE("GET", true, false),
    /** {@code POST /pass/{chain}/{network}}: not idempotent, reconciled by a lookup instead. */
    ISSUE("POST", false, false),
    /** {@code PATCH /pass/{chain}/{network}/{wallet}}: sets absolute values, so repeatable. */
    UPDATE("PATCH", true, false),
    /** {@code DELETE /pass/{chain}/{network}/{wallet}}: final, reconciled by a lookup instead. */
    REVOKE("DELETE", false, false),
    /** {@code POST /pass}: a query, safe to repeat. */
    LIST("POST", true, false),
    /** {@code GET /piirequest/{id}}: the body holds personal data. */
    PII("GET", true, true),
    /** {@code PUT /piirequest/{id}/status}: sets an absolute value, so repeatable. */
    DECIDE("PUT", true, false),
    /** {@code GET} of an evidence item: the body holds personal data. */
    EVIDENCE("GET", true, true),
    /** {@code POST} to the token endpoint: the body holds the access token. */
    TOKEN("POST", true, true);

    private final String method;
    private final boolean idempotent;
    private final boolean sensitiveBody;

    Operation(String method, boolean idempotent, boolean sensitiveBody) {
        this.method = method;
        this.idempotent = idempotent;
        this.sensitiveBody = sensitiveBody;
    }

    /**
     * The HTTP method.
     *
     * @return for example {@code GET}
     */
    public String method() {
        return method;
    }

    /**
     * Whether sending the request twice has the effect of sending it once.
     *
     * @return true for reads and absolute updates
     */
    public boolean idempotent() {
        return idempotent;
    }

    /**
     * Whether a successful response body may hold secrets or personal data, and so must never
     * be quoted in an exception.
     *
     * @return true for the token, PII and evidence operations
     */
    public boolean sensitiveBody() {
        return sensitiveBody;
    }
}
