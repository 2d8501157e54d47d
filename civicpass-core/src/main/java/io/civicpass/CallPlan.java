package io.civicpass;

import io.civicpass.error.CivicPassException;
import io.civicpass.error.OutcomeUnknownException;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassUpdate;
import io.civicpass.port.ApiCall;

import java.util.Optional;
import java.util.function.Function;

/**
 * One call of a public client method, described once for both faces: the exchange it makes
 * ({@link ApiCall}), the pass it concerns, and its operation's policies ({@link Operation}: how
 * an ambiguous attempt is reconciled, what settles it, what a refusal may mean, which change to a
 * pass it reports). {@link Operation}'s factories make one per call, its arguments validated; the
 * engine reads everything it decides from here, so the sync client, the async client and the
 * Vert.x face are each a line over those factories. Immutable.
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

    // ------------------------------------------------------------------------ policies

    /** The lookup that learns whether an attempt of this call took effect. */
    CallPlan<Optional<Pass>> reconcilingLookup() {
        return Operation.lookup(key);
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
