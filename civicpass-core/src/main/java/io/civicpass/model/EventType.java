package io.civicpass.model;

import java.util.List;
import java.util.Optional;

/**
 * The type of a {@link PassEvent}. Every action on a pass appends an {@code *_INITIATED} event
 * when Civic accepts it and the matching confirmed event once the chain confirms it.
 *
 * <p>Forward-compatible: {@link #of(String)} keeps a value this version does not know.
 */
public final class EventType extends OpenValue {

    private static final String INITIATED_SUFFIX = "_INITIATED";

    /** Issuance accepted. */
    public static final EventType TOKEN_ISSUED_INITIATED = new EventType("TOKEN_ISSUED_INITIATED", true);
    /** Issuance confirmed on chain. */
    public static final EventType TOKEN_ISSUED = new EventType("TOKEN_ISSUED", true);
    /** Freeze accepted. */
    public static final EventType TOKEN_FROZEN_INITIATED = new EventType("TOKEN_FROZEN_INITIATED", true);
    /** Freeze confirmed on chain. */
    public static final EventType TOKEN_FROZEN = new EventType("TOKEN_FROZEN", true);
    /** Expiry change accepted. */
    public static final EventType TOKEN_EXPIRY_CHANGED_INITIATED = new EventType("TOKEN_EXPIRY_CHANGED_INITIATED", true);
    /** Expiry change confirmed on chain. */
    public static final EventType TOKEN_EXPIRY_CHANGED = new EventType("TOKEN_EXPIRY_CHANGED", true);
    /** Unfreeze accepted. */
    public static final EventType TOKEN_UNFROZEN_INITIATED = new EventType("TOKEN_UNFROZEN_INITIATED", true);
    /** Unfreeze confirmed on chain. */
    public static final EventType TOKEN_UNFROZEN = new EventType("TOKEN_UNFROZEN", true);
    /** Revocation accepted. */
    public static final EventType TOKEN_REVOKED_INITIATED = new EventType("TOKEN_REVOKED_INITIATED", true);
    /** Revocation confirmed on chain. */
    public static final EventType TOKEN_REVOKED = new EventType("TOKEN_REVOKED", true);

    private static final List<EventType> KNOWN = List.of(
            TOKEN_ISSUED_INITIATED, TOKEN_ISSUED, TOKEN_FROZEN_INITIATED, TOKEN_FROZEN,
            TOKEN_EXPIRY_CHANGED_INITIATED, TOKEN_EXPIRY_CHANGED, TOKEN_UNFROZEN_INITIATED,
            TOKEN_UNFROZEN, TOKEN_REVOKED_INITIATED, TOKEN_REVOKED);

    private EventType(String value, boolean known) {
        super(value, known);
    }

    /**
     * The event type with this wire value; an unknown value is kept, not rejected.
     *
     * @param value the wire value, for example {@code "TOKEN_ISSUED"}
     * @return the constant for a known value, or a new instance carrying an unknown one
     * @throws IllegalArgumentException if the value is null, blank or not a plausible name
     */
    public static EventType of(String value) {
        EventType known = lookup(KNOWN, value);
        return known != null ? known : new EventType(checked("eventType", value), false);
    }

    /**
     * The event types this version of the library knows.
     *
     * @return an immutable list of the constants
     */
    public static List<EventType> known() {
        return KNOWN;
    }

    /**
     * Whether this event marks an action Civic accepted but the chain has not confirmed.
     *
     * @return true for the {@code *_INITIATED} types, known or not
     */
    public boolean isInitiated() {
        return value().endsWith(INITIATED_SUFFIX);
    }

    /**
     * For an initiated event, the event type that confirms it ({@code TOKEN_FROZEN} for
     * {@code TOKEN_FROZEN_INITIATED}); follows the naming rule, so it works for unknown types.
     *
     * @return the confirming type, or empty if this type is not an initiated one
     */
    public Optional<EventType> confirmation() {
        if (!isInitiated()) {
            return Optional.empty();
        }
        return Optional.of(of(value().substring(0, value().length() - INITIATED_SUFFIX.length())));
    }
}
