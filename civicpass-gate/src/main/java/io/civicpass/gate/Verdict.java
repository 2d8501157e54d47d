package io.civicpass.gate;

import io.civicpass.model.Pass;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link PassGate} says about a pass: whether a request may go through, the pass the
 * verdict was read from, when it was read, and whether it was served past its time-to-live
 * because Civic could not be reached (stale-if-error). How each kind follows from Civic's answer
 * is the table in {@link PassGate}'s documentation.
 *
 * @param kind       what the gate concluded
 * @param pass       the pass as Civic reported it, or empty when Civic reported none (or could not be asked)
 * @param readAt     when the gate read Civic's answer (or met the failure), by the gate's clock
 * @param stale      true when served after its time-to-live because Civic failed since
 * @param failedOpen true when the kind is {@link Kind#UNAVAILABLE} and the gate was built to fail
 *                   open ({@link PassGate.Builder#failOpen(boolean)}): then {@link #allowed()} is true
 */
public record Verdict(Kind kind, Optional<Pass> pass, Instant readAt, boolean stale, boolean failedOpen) {

    /** What the gate concluded about a pass. Only {@link #ALLOWED} lets a request through. */
    public enum Kind {
        /** The pass is ACTIVE, on chain too, and not past an expiry this client set. */
        ALLOWED,
        /** A change is pending on chain (the intended state leads the chain's), or the pass is still REQUESTED. */
        PENDING,
        /** The pass is frozen, on chain too. */
        FROZEN,
        /** The pass is revoked, on chain too: final. */
        REVOKED,
        /** The gate's clock is past an expiry this client set, or Civic reports the pass EXPIRED. */
        EXPIRED,
        /** Civic has no pass for the key, or has not shown a new one yet. */
        NOT_FOUND,
        /** Civic could not be asked (or failed to answer) and no earlier verdict may be served. */
        UNAVAILABLE,
        /** Civic answered something the gate cannot judge: REJECTED, a state this version does not know, an answer for another key. */
        UNKNOWN
    }

    /**
     * Requires every part; a fail-open mark only on {@link Kind#UNAVAILABLE}.
     *
     * @param kind       what the gate concluded
     * @param pass       the pass, or empty
     * @param readAt     when the answer was read
     * @param stale      whether served past its time-to-live
     * @param failedOpen whether an UNAVAILABLE verdict lets requests through
     * @throws NullPointerException when kind, pass or readAt is null
     * @throws IllegalArgumentException when failedOpen is set on a kind other than UNAVAILABLE
     */
    public Verdict {
        Objects.requireNonNull(kind, "kind == null");
        Objects.requireNonNull(pass, "pass == null");
        Objects.requireNonNull(readAt, "readAt == null");
        if (failedOpen && kind != Kind.UNAVAILABLE) {
            throw new IllegalArgumentException("failedOpen applies to UNAVAILABLE only, not to " + kind);
        }
    }

    /**
     * A verdict that does not fail open.
     *
     * @param kind   what the gate concluded
     * @param pass   the pass, or empty
     * @param readAt when the answer was read
     * @param stale  whether served past its time-to-live
     */
    public Verdict(Kind kind, Optional<Pass> pass, Instant readAt, boolean stale) {
        this(kind, pass, readAt, stale, false);
    }

    /**
     * Whether the request may go through: only for {@link Kind#ALLOWED}, or for
     * {@link Kind#UNAVAILABLE} from a gate built to fail open.
     *
     * @return true to let the request through
     */
    public boolean allowed() {
        return kind == Kind.ALLOWED || failedOpen;
    }

    /** The same verdict, marked as served past its time-to-live. */
    Verdict asStale() {
        return stale ? this : new Verdict(kind, pass, readAt, true, failedOpen);
    }

    /** The same reading, judged expired. */
    Verdict asExpired() {
        return new Verdict(Kind.EXPIRED, pass, readAt, stale, false);
    }

    /**
     * The kind, when it was read and whether it is stale; never the pass's wallet.
     *
     * @return for example {@code Verdict[ALLOWED, readAt=..., stale=false]}
     */
    @Override
    public String toString() {
        return "Verdict[" + kind + ", readAt=" + readAt + ", stale=" + stale + (failedOpen ? ", failedOpen" : "") + "]";
    }
}
