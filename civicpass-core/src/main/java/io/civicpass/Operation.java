package io.civicpass;

import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiRequest;
import io.civicpass.port.ApiCall;
import io.civicpass.port.ApiCall.Repeat;
import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpResponse;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Civic's API, described once: each operation's method, path template, whether it may be
 * repeated and whether its bodies are sensitive, its policies (how an attempt that may have
 * acted is reconciled, what settles it, what a refusal may mean, which change to a pass it
 * makes), and (in the factories below) its path, body and how its response reads. The engine,
 * the gateway and the error mapping read everything from here, each call as the
 * {@link CallPlan} its factory makes; adding an endpoint starts with one constant and one factory.
 */
enum Operation {
    /** Reads one pass. */
    RETRIEVE(HttpMethod.GET, "/pass/{chain}/{chainNetwork}/{wallet}", Repeat.SAFE, false, Missing.PASS),
    /**
     * Issues a pass: acts on chain, so never sent twice after it may have arrived; the pass is
     * looked up instead. Settled by a pass that is not revoked.
     */
    ISSUE(HttpMethod.POST, "/pass/{chain}/{chainNetwork}", Repeat.AT_MOST_ONCE, false, Missing.ROUTE,
            Reconcile.LOOK_UP_INSTEAD, PassChange.Kind.ISSUED),
    /** Sets a pass's state and/or expiry: absolute values, so a repeat ends in the same state. */
    UPDATE(HttpMethod.PATCH, "/pass/{chain}/{chainNetwork}/{wallet}", Repeat.IDEMPOTENT, false, Missing.PASS,
            Reconcile.NONE, PassChange.Kind.UPDATED),
    /**
     * Revokes a pass: final, so a repeat changes nothing; the client looks the pass up before
     * repeating. Settled by a revoked pass.
     */
    REVOKE(HttpMethod.DELETE, "/pass/{chain}/{chainNetwork}/{wallet}", Repeat.IDEMPOTENT, false, Missing.PASS,
            Reconcile.LOOK_UP_BEFORE_REPEATING, PassChange.Kind.REVOKED),
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

    /**
     * How the engine learns whether an attempt that may have acted took effect: by looking the
     * pass up ({@link #tookEffect} says what the lookup must show).
     */
    enum Reconcile {
        /** Not looked up: the repeat rule alone decides. */
        NONE,
        /**
         * After an ambiguous failure, one lookup before the attempt is repeated; a pass showing
         * the change ends the call.
         */
        LOOK_UP_BEFORE_REPEATING,
        /**
         * Never sent again after an attempt that may have acted: the pass is looked up until it
         * shows, within the reconcile window, or the outcome is unknown. A later attempt Civic
         * refuses is answered by the pass it refused for, if one is live or pending.
         */
        LOOK_UP_INSTEAD
    }

    private final HttpMethod method;
    private final String pathTemplate;
    private final Repeat repeat;
    private final boolean sensitive;
    private final Missing missing;
    private final Reconcile reconcile;
    private final PassChange.Kind change;

    Operation(HttpMethod method, String pathTemplate, Repeat repeat, boolean sensitive, Missing missing) {
        this(method, pathTemplate, repeat, sensitive, missing, Reconcile.NONE, null);
    }

    Operation(HttpMethod method, String pathTemplate, Repeat repeat, boolean sensitive, Missing missing,
              Reconcile reconcile, PassChange.Kind change) {
        this.method = method;
        this.pathTemplate = pathTemplate;
        this.repeat = repeat;
        this.sensitive = sensitive;
        this.missing = missing;
        this.reconcile = reconcile;
        this.change = change;
    }

    /** How an attempt that may have acted is settled. */
    Reconcile reconcile() {
        return reconcile;
    }

    /**
     * Whether a pass a reconciling lookup found shows this operation took effect: a pass not
     * revoked for an issue (live or pending), a revoked one for a revoke.
     */
    boolean tookEffect(Pass found) {
        switch (this) {
            case ISSUE:
                return !PassState.REVOKED.equals(found.state());
            case REVOKE:
                return PassState.REVOKED.equals(found.state());
            default:
                return false;
        }
    }

    /**
     * Whether a refusal (a 4xx) may mean the change exists already, so a lookup answers it:
     * Civic refuses an issue for a wallet whose pass is live or pending, and that pass is the
     * answer. Civic's refusal status for an existing pass is not documented, so any 4xx refusal
     * is checked; only a 409 is waited for (a pending pass is not shown until confirmed).
     */
    boolean refusalMayMeanDone() {
        return reconcile == Reconcile.LOOK_UP_INSTEAD;
    }

    /** Which change to a pass this operation makes, told to the pass-change listeners; null for reads. */
    PassChange.Kind change() {
        return change;
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

    // One factory per public client method: it validates the arguments (before anything is
    // sent), describes the exchange and hands the engine the operation's policies. Each face's
    // method is a line over one of these.

    static CallPlan<Pass> get(PassKey key) {
        Inputs.key(key);
        return RETRIEVE.plan(RETRIEVE.call("get", CivicPaths.pass(key), null, body -> CivicJson.readPass(body)));
    }

    /** A lookup: the pass, or empty when Civic shows none (or has not shown a new one yet). */
    static CallPlan<Optional<Pass>> find(PassKey key) {
        return lookup(Inputs.key(key));
    }

    /** A lookup of a key already checked: how the engine learns whether an attempt took effect. */
    static CallPlan<Optional<Pass>> lookup(PassKey key) {
        return new CallPlan<>(RETRIEVE.call("get", CivicPaths.pass(key), null, body -> CivicJson.readPass(body)),
                RETRIEVE, key, null, true, null);
    }

    /** An issue; a lookup that settles it answers with the pass it found. */
    static CallPlan<Pass> issue(PassKey key) {
        Inputs.key(key);
        return new CallPlan<>(ISSUE.call("issue", CivicPaths.issue(key), CivicJson.issueBody(key.wallet()),
                CivicJson::readPass), ISSUE, key, null, false, Function.identity());
    }

    /**
     * An update under the name of the public method that asked for it ({@code freeze},
     * {@code unfreeze}, {@code expireAt}, {@code forceRefresh}, {@code update}), so metrics can
     * tell them apart.
     */
    static CallPlan<Void> update(String name, PassKey key, PassUpdate update, Instant now) {
        Inputs.key(key);
        Inputs.update(update, now);
        return new CallPlan<>(UPDATE.call(name, CivicPaths.pass(key), CivicJson.updateBody(update),
                Operation::nothing), UPDATE, key, update, false, null);
    }

    static CallPlan<Void> expireAt(PassKey key, Instant expiry, Instant now) {
        return update("expireAt", key, PassUpdate.expireAt(Objects.requireNonNull(expiry, "expiry == null")), now);
    }

    /** An expiry {@link CivicPassClient#FORCE_REFRESH_LEAD} ahead, so the user must refresh the pass. */
    static CallPlan<Void> forceRefresh(PassKey key, Instant now) {
        Instant expiry = now.plus(CivicPassClient.FORCE_REFRESH_LEAD).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return update("forceRefresh", key, PassUpdate.expireAt(expiry), now);
    }

    static CallPlan<Void> revoke(PassKey key) {
        Inputs.key(key);
        return new CallPlan<>(REVOKE.call("revoke", CivicPaths.pass(key), null, Operation::nothing), REVOKE, key,
                null, false, pass -> null);
    }

    static CallPlan<Page<Pass>> list(PassQuery query) {
        Inputs.query(query);
        return LIST.plan(LIST.call("list", CivicPaths.passes(), CivicJson.listBody(query),
                body -> new Page<>(CivicJson.readPassList(body), query)));
    }

    /** The cheapest call that checks URLs and credentials: a list of at most one pass. */
    static CallPlan<Page<Pass>> verification() {
        return list(PassQuery.all().withLimit(1));
    }

    static CallPlan<PiiRequest> pii(String requestId) {
        Inputs.piiRequestId(requestId);
        return PII.plan(PII.call("pii", CivicPaths.pii(requestId), null, body -> CivicJson.readPii(body, requestId)));
    }

    static CallPlan<Void> decide(String requestId, PiiDecision decision) {
        Inputs.piiRequestId(requestId);
        Inputs.decision(decision);
        return DECIDE.plan(DECIDE.call("decidePii", CivicPaths.piiStatus(requestId), CivicJson.decisionBody(decision),
                Operation::nothing));
    }

    static CallPlan<Evidence> evidence(String requestId, String name) {
        Inputs.piiRequestId(requestId);
        Inputs.evidenceName(name);
        return evidenceAt(CivicPaths.evidence(requestId, name));
    }

    /** Evidence behind a link, followed only under the API base so the token goes nowhere else. */
    static CallPlan<Evidence> evidence(URI apiUrl, PiiLink link) {
        return evidenceAt(Inputs.pathUnderApi(apiUrl, link));
    }

    /** An evidence item at an encoded path under the API base, already checked. */
    static CallPlan<Evidence> evidenceAt(String path) {
        return EVIDENCE.plan(new ApiCall<>("evidence", EVIDENCE.method, EVIDENCE.pathTemplate, path, null, null, true,
                EVIDENCE.repeat, (response, now) -> CivicResponses.read(EVIDENCE, path, response, now,
                        body -> new Evidence(response.headers().firstOrNull("Content-Type"), body))));
    }

    /** The plan of an operation without reconciliation or change: its exchange is all there is. */
    private <T> CallPlan<T> plan(ApiCall<T> call) {
        return new CallPlan<>(call, this, null, null, false, null);
    }

    private <T> ApiCall<T> call(String name, String path, byte[] body, Function<byte[], T> decoder) {
        return new ApiCall<>(name, method, pathTemplate, path, body, body == null ? null : CivicJson.JSON, sensitive,
                repeat, (HttpResponse response, Instant now) ->
                        CivicResponses.read(this, path, response, now, decoder));
    }

    private static Void nothing(byte[] body) {
        return null;
    }
}
