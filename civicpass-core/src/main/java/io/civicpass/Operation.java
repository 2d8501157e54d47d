package io.civicpass;

import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiRequest;
import io.civicpass.port.ApiCall;
import io.civicpass.port.ApiCall.Repeat;
import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpResponse;

import java.util.function.Function;

/**
 * Civic's API, described once: each operation's method, path template, whether it may be
 * repeated and whether its bodies are sensitive, and (in the factories below) its path, body
 * and how its response reads. Both client faces, the gateway and the error mapping read
 * everything from here; adding an endpoint starts with one constant and one factory.
 */
enum Operation {
    /** Reads one pass. */
    RETRIEVE(HttpMethod.GET, "/pass/{chain}/{chainNetwork}/{wallet}", Repeat.SAFE, false, Missing.PASS),
    /** Issues a pass: acts on chain, so never sent twice after it may have arrived. */
    ISSUE(HttpMethod.POST, "/pass/{chain}/{chainNetwork}", Repeat.AT_MOST_ONCE, false, Missing.ROUTE),
    /** Sets a pass's state and/or expiry: absolute values, so a repeat ends in the same state. */
    UPDATE(HttpMethod.PATCH, "/pass/{chain}/{chainNetwork}/{wallet}", Repeat.IDEMPOTENT, false, Missing.PASS),
    /** Revokes a pass: final, so a repeat changes nothing; the client looks the pass up before repeating. */
    REVOKE(HttpMethod.DELETE, "/pass/{chain}/{chainNetwork}/{wallet}", Repeat.IDEMPOTENT, false, Missing.PASS),
    /** Lists passes: a query, safe to repeat. */
    LIST(HttpMethod.POST, "/pass", Repeat.SAFE, false, Missing.ROUTE),
    /**
     * Reads a PII request: the body holds personal data. Never sent again after an attempt that
     * may have been served, since Civic may keep PII only until it is first read.
     */
    PII(HttpMethod.GET, "/piirequest/{scopeRequestId}", Repeat.AT_MOST_ONCE, true, Missing.PII_REQUEST),
    /** Records a decision on a PII request: an absolute value, so repeatable. */
    DECIDE(HttpMethod.PUT, "/piirequest/{scopeRequestId}/status", Repeat.IDEMPOTENT, true, Missing.PII_REQUEST),
    /** Downloads an evidence item: the body holds personal data. */
    EVIDENCE(HttpMethod.GET, "/piirequest/{scopeRequestId}/evidence/{name}", Repeat.SAFE, true, Missing.PII_REQUEST),
    /** The client-credentials request to the token endpoint: the bodies hold the secret and the token. */
    TOKEN(HttpMethod.POST, "{tokenUrl}", Repeat.SAFE, true, Missing.ROUTE);

    /** What a 404 from an operation means. */
    enum Missing {
        /** No such pass (or not shown yet). */
        PASS,
        /** No such PII request, or no longer. */
        PII_REQUEST,
        /** A route that always exists: the client is misconfigured. */
        ROUTE
    }

    private final HttpMethod method;
    private final String pathTemplate;
    private final Repeat repeat;
    private final boolean sensitive;
    private final Missing missing;

    Operation(HttpMethod method, String pathTemplate, Repeat repeat, boolean sensitive, Missing missing) {
        this.method = method;
        this.pathTemplate = pathTemplate;
        this.repeat = repeat;
        this.sensitive = sensitive;
        this.missing = missing;
    }

    /** What a 404 means for this operation. */
    Missing missing() {
        return missing;
    }

    HttpMethod method() {
        return method;
    }

    String pathTemplate() {
        return pathTemplate;
    }

    Repeat repeat() {
        return repeat;
    }

    /**
     * Whether a request or response body may hold secrets or personal data, so that no body of
     * it, error bodies included, is ever quoted or logged (the decision's error bodies may echo
     * the PII under review).
     */
    boolean sensitiveBody() {
        return sensitive;
    }

    // ------------------------------------------------------------------------ the calls

    static ApiCall<Pass> retrieve(PassKey key) {
        return RETRIEVE.call("get", CivicPaths.pass(key), null, body -> CivicJson.readPass(body));
    }

    static ApiCall<Pass> issue(PassKey key) {
        return ISSUE.call("issue", CivicPaths.issue(key), CivicJson.issueBody(key.wallet()), CivicJson::readPass);
    }

    /**
     * An update under the name of the public method that asked for it ({@code freeze},
     * {@code unfreeze}, {@code expireAt}, {@code forceRefresh}, {@code update}), so metrics can
     * tell them apart.
     */
    static ApiCall<Void> update(String name, PassKey key, PassUpdate update) {
        return UPDATE.call(name, CivicPaths.pass(key), CivicJson.updateBody(update), Operation::nothing);
    }

    static ApiCall<Void> revoke(PassKey key) {
        return REVOKE.call("revoke", CivicPaths.pass(key), null, Operation::nothing);
    }

    static ApiCall<Page<Pass>> list(PassQuery query) {
        return LIST.call("list", CivicPaths.passes(), CivicJson.listBody(query),
                body -> new Page<>(CivicJson.readPassList(body), query));
    }

    static ApiCall<PiiRequest> pii(String requestId) {
        return PII.call("pii", CivicPaths.pii(requestId), null, body -> CivicJson.readPii(body, requestId));
    }

    static ApiCall<Void> decide(String requestId, PiiDecision decision) {
        return DECIDE.call("decidePii", CivicPaths.piiStatus(requestId), CivicJson.decisionBody(decision),
                Operation::nothing);
    }

    /** An evidence item at an encoded path under the API base, already checked by the client. */
    static ApiCall<Evidence> evidence(String path) {
        return new ApiCall<>("evidence", EVIDENCE.method, EVIDENCE.pathTemplate, path, null, null, true,
                EVIDENCE.repeat, (response, now) -> CivicResponses.read(EVIDENCE, path, response, now,
                        body -> new Evidence(response.headers().firstOrNull("Content-Type"), body)));
    }

    private <T> ApiCall<T> call(String name, String path, byte[] body, Function<byte[], T> decoder) {
        return new ApiCall<>(name, method, pathTemplate, path, body, body == null ? null : CivicJson.JSON, sensitive,
                repeat, (HttpResponse response, java.time.Instant now) ->
                        CivicResponses.read(this, path, response, now, decoder));
    }

    private static Void nothing(byte[] body) {
        return null;
    }
}
