package io.civicpass.internal;

import io.civicpass.error.CivicPassException;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiRequest;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * One Civic API request, described completely: operation (and so method), encoded path, JSON
 * body, and how to read the response. Core builds these for every operation, so a transport
 * only sends what it is given and hands back what it received; it never needs to know a path,
 * a field name or which status means what.
 *
 * @param <T> the result of a successful response
 */
public final class ApiCall<T> {

    /** Reads a successful response. */
    @FunctionalInterface
    interface SuccessReader<T> {
        T read(Function<String, String> headers, byte[] body);
    }

    private final Operation operation;
    private final String path;
    private final byte[] body;
    private final SuccessReader<T> reader;

    private ApiCall(Operation operation, String path, byte[] body, SuccessReader<T> reader) {
        this.operation = operation;
        this.path = path;
        this.body = body;
        this.reader = reader;
    }

    /**
     * {@code GET /pass/{chain}/{chainNetwork}/{wallet}}.
     *
     * @param key the pass
     * @return the call
     */
    public static ApiCall<Pass> retrieve(PassKey key) {
        return new ApiCall<>(Operation.RETRIEVE, CivicPaths.pass(key), null, (headers, body) -> CivicJson.readPass(body));
    }

    /**
     * {@code POST /pass/{chain}/{chainNetwork}} with the wallet.
     *
     * @param key where to issue
     * @return the call
     */
    public static ApiCall<Pass> issue(PassKey key) {
        return new ApiCall<>(Operation.ISSUE, CivicPaths.issue(key), CivicJson.issueBody(key.wallet()),
                (headers, body) -> CivicJson.readPass(body));
    }

    /**
     * {@code PATCH /pass/{chain}/{chainNetwork}/{wallet}} with the new state and/or expiry.
     *
     * @param key    the pass
     * @param update the change
     * @return the call
     */
    public static ApiCall<Void> update(PassKey key, PassUpdate update) {
        return new ApiCall<>(Operation.UPDATE, CivicPaths.pass(key), CivicJson.updateBody(update), ApiCall::nothing);
    }

    /**
     * {@code DELETE /pass/{chain}/{chainNetwork}/{wallet}}.
     *
     * @param key the pass
     * @return the call
     */
    public static ApiCall<Void> revoke(PassKey key) {
        return new ApiCall<>(Operation.REVOKE, CivicPaths.pass(key), null, ApiCall::nothing);
    }

    /**
     * {@code POST /pass} with paging and filters.
     *
     * @param query what to list
     * @return the call
     */
    public static ApiCall<Page<Pass>> list(PassQuery query) {
        return new ApiCall<>(Operation.LIST, CivicPaths.passes(), CivicJson.listBody(query),
                (headers, body) -> new Page<>(CivicJson.readPassList(body), query));
    }

    /**
     * {@code GET /piirequest/{scopeRequestId}}.
     *
     * @param requestId the scope request id
     * @return the call
     */
    public static ApiCall<PiiRequest> pii(String requestId) {
        return new ApiCall<>(Operation.PII, CivicPaths.pii(requestId), null,
                (headers, body) -> CivicJson.readPii(body, requestId));
    }

    /**
     * {@code PUT /piirequest/{scopeRequestId}/status} with the decision.
     *
     * @param requestId the scope request id
     * @param decision  approve or reject
     * @return the call
     */
    public static ApiCall<Void> decide(String requestId, PiiDecision decision) {
        return new ApiCall<>(Operation.DECIDE, CivicPaths.piiStatus(requestId), CivicJson.decisionBody(decision),
                ApiCall::nothing);
    }

    /**
     * {@code GET} of an evidence item.
     *
     * @param path an encoded path under the API base, checked by the client
     * @return the call
     */
    public static ApiCall<Evidence> download(String path) {
        return new ApiCall<>(Operation.EVIDENCE, Objects.requireNonNull(path, "path"), null,
                (headers, body) -> new Evidence(headers.apply("Content-Type"), body));
    }

    /**
     * The operation.
     *
     * @return the operation
     */
    public Operation operation() {
        return operation;
    }

    /**
     * The HTTP method.
     *
     * @return for example {@code PATCH}
     */
    public String method() {
        return operation.method();
    }

    /**
     * The encoded path relative to the API base, starting with {@code /}; send it to
     * {@code TransportContext.apiUrl(path)}.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * The JSON request body.
     *
     * @return a copy of the body, or null when the request has none
     */
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    /**
     * The {@code Content-Type} of the body.
     *
     * @return {@code application/json}, or null when the request has no body
     */
    public String contentType() {
        return body == null ? null : CivicJson.JSON;
    }

    /**
     * Turns the response into the result, or into the exception core maps its status to.
     *
     * @param status  the HTTP status
     * @param headers case-insensitive header lookup, returning null when absent
     * @param body    the response body, possibly null or empty
     * @param now     the current time (for {@code Retry-After} dates)
     * @return the result (null for operations without one)
     * @throws io.civicpass.error.CivicApiException for a non-2xx status or an unusable body
     */
    public T read(int status, Function<String, String> headers, byte[] body, Instant now) {
        return CivicResponses.read(operation, path, status, headers, body, now, bytes -> reader.read(headers, bytes));
    }

    /**
     * The failure to report when the exchange failed below HTTP.
     *
     * @param failure what the HTTP library threw
     * @return the exception to throw or complete with
     */
    public CivicPassException failure(Throwable failure) {
        return CivicErrors.transportFailure(operation, path, failure);
    }

    @Override
    public String toString() {
        return "ApiCall[" + method() + " " + path + "]";
    }

    private static Void nothing(Function<String, String> headers, byte[] body) {
        return null;
    }
}
