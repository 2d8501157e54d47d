package io.civicpass;

import io.civicpass.error.CivicPassException;
import io.civicpass.error.OutcomeUnknownException;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiRequest;
import io.civicpass.port.ApiCall;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One call of a public client method, described once for both faces: its arguments validated,
 * the exchange it makes ({@link ApiCall}) and its operation's policies ({@link Operation}: how an
 * ambiguous attempt is reconciled, what settles it, what a refusal may mean, which change to a
 * pass it reports). The engine reads everything it decides from here, so the sync client, the
 * async client and the Vert.x face are each a line over these factories. Immutable.
 *
 * @param <R> what the call returns
 */
final class CallPlan<R> {

    final ApiCall<?> call;
    final Operation operation;
    /** The pass the call reads or changes, or null. */
    final PassKey key;
    private final PassUpdate update;
    /** {@code find}: a missing pass is an empty result, not a failure. */
    private final boolean absentIsEmpty;
    /** The result when a lookup shows the change took effect; null for operations not reconciled. */
    private final Function<Pass, R> settled;

    CallPlan(ApiCall<?> call, Operation operation, PassKey key, PassUpdate update, boolean absentIsEmpty,
             Function<Pass, R> settled) {
        this.call = call;
        this.operation = operation;
        this.key = key;
        this.update = update;
        this.absentIsEmpty = absentIsEmpty;
        this.settled = settled;
    }

    // ------------------------------------------------------------------------ the calls

    static CallPlan<Pass> get(PassKey key) {
        return plain(Operation.retrieve(Inputs.key(key)), Operation.RETRIEVE);
    }

    static CallPlan<Optional<Pass>> find(PassKey key) {
        return lookup(Inputs.key(key));
    }

    static CallPlan<Pass> issue(PassKey key) {
        return new CallPlan<>(Operation.issue(Inputs.key(key)), Operation.ISSUE, key, null, false, Function.identity());
    }

    /** An update under the name of the public method that asked for it ({@code freeze}, say). */
    static CallPlan<Void> update(String name, PassKey key, PassUpdate update, Instant now) {
        Inputs.key(key);
        Inputs.update(update, now);
        return new CallPlan<>(Operation.update(name, key, update), Operation.UPDATE, key, update, false, null);
    }

    static CallPlan<Void> expireAt(PassKey key, Instant expiry, Instant now) {
        return update("expireAt", key, PassUpdate.expireAt(Objects.requireNonNull(expiry, "expiry == null")), now);
    }

    /** An expiry {@link CivicPassClient#FORCE_REFRESH_LEAD} from now, so the user must refresh the pass. */
    static CallPlan<Void> forceRefresh(PassKey key, Instant now) {
        Instant expiry = now.plus(CivicPassClient.FORCE_REFRESH_LEAD).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return update("forceRefresh", key, PassUpdate.expireAt(expiry), now);
    }

    static CallPlan<Void> revoke(PassKey key) {
        return new CallPlan<>(Operation.revoke(Inputs.key(key)), Operation.REVOKE, key, null, false, pass -> null);
    }

    static CallPlan<Page<Pass>> list(PassQuery query) {
        return plain(Operation.list(Inputs.query(query)), Operation.LIST);
    }

    /** The cheapest call that checks URLs and credentials: a list of at most one pass. */
    static CallPlan<Page<Pass>> verification() {
        return plain(Operation.list(PassQuery.all().withLimit(1)), Operation.LIST);
    }

    static CallPlan<PiiRequest> pii(String scopeRequestId) {
        return plain(Operation.pii(Inputs.piiRequestId(scopeRequestId)), Operation.PII);
    }

    static CallPlan<Void> decide(String scopeRequestId, PiiDecision decision) {
        Inputs.piiRequestId(scopeRequestId);
        Inputs.decision(decision);
        return plain(Operation.decide(scopeRequestId, decision), Operation.DECIDE);
    }

    static CallPlan<Evidence> evidence(String scopeRequestId, String name) {
        Inputs.piiRequestId(scopeRequestId);
        Inputs.evidenceName(name);
        return plain(Operation.evidence(CivicPaths.evidence(scopeRequestId, name)), Operation.EVIDENCE);
    }

    /** Evidence behind a link, followed only under the API base so the token goes nowhere else. */
    static CallPlan<Evidence> evidence(URI apiUrl, PiiLink link) {
        return plain(Operation.evidence(Inputs.pathUnderApi(apiUrl, link)), Operation.EVIDENCE);
    }

    private static <R> CallPlan<R> plain(ApiCall<R> call, Operation operation) {
        return new CallPlan<>(call, operation, null, null, false, null);
    }

    /** A lookup of a validated key: the pass, or empty when Civic shows none (or none yet). */
    private static CallPlan<Optional<Pass>> lookup(PassKey key) {
        return new CallPlan<>(Operation.retrieve(key), Operation.RETRIEVE, key, null, true, null);
    }

    // ------------------------------------------------------------------------ policies

    /** The lookup that learns whether an attempt of this call took effect. */
    CallPlan<Optional<Pass>> reconcilingLookup() {
        return lookup(key);
    }

    /** The call's result for an exchange's result. */
    @SuppressWarnings("unchecked")
    R result(Object exchanged) {
        return (R) (absentIsEmpty ? Optional.of(exchanged) : exchanged);
    }

    /** Whether a missing pass ends this call with an empty result. */
    boolean absentIsEmpty() {
        return absentIsEmpty;
    }

    /** The empty result of a {@code find} whose pass is missing. */
    @SuppressWarnings("unchecked")
    R empty() {
        return (R) Optional.empty();
    }

    /** Whether a lookup that found {@code found} (null: none) shows the change took effect. */
    boolean settles(Pass found) {
        return found != null && operation.tookEffect(found);
    }

    /** The call's result when {@code found} settles it: the pass for an issue, nothing for a revoke. */
    R settledResult(Pass found) {
        return settled.apply(found);
    }

    /** The failure when an attempt may have acted and no lookup showed it did. */
    CivicPassException unknown(CivicPassException failure) {
        return new OutcomeUnknownException(key, failure);
    }

    /** The change to tell the pass-change listeners of, or null for a read. */
    PassChange change() {
        PassChange.Kind kind = operation.change();
        return kind == null ? null : new PassChange(key, kind, update);
    }
}
