package io.civicpass.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Base of the forward-compatible value sets ({@link Chain}, {@link ChainNetwork},
 * {@link PassState}, {@link EventType}, {@link PiiStatus}, {@link TransactionStatus}).
 *
 * <p>Civic adds values over time (new networks, new statuses). A closed {@code enum} would make
 * an old client fail on the first unknown value, so each set is a class with a constant per
 * known value and an {@code of(String)} factory that keeps an unknown value as it is. Two
 * instances are equal when they are of the same class and carry the same wire value.
 */
public abstract class OpenValue {

    /** Values the server may send that we keep: letters, digits, '-', '_', '.', at most 64. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String value;
    private final boolean known;

    OpenValue(String value, boolean known) {
        this.value = value;
        this.known = known;
    }

    /**
     * The value exactly as Civic's API spells it on the wire.
     *
     * @return the wire value, never null
     */
    public final String value() {
        return value;
    }

    /**
     * Whether this value is one this version of the library knows (has a constant for).
     *
     * @return true for a known value, false for one kept from the server or the caller
     */
    public final boolean isKnown() {
        return known;
    }

    /** Checks a value before it is kept; rejects blanks and anything that could not be a path segment. */
    static String checked(String field, String value) {
        if (value == null) {
            throw new NullPointerException(field + " == null");
        }
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + Text.shorten(value)
                    + "' is not a valid value (letters, digits, '.', '_', '-'; at most 64 characters)");
        }
        return value;
    }

    /** The element of {@code known} whose wire value is {@code value}, or null. */
    static <T extends OpenValue> T lookup(Iterable<T> known, String value) {
        for (T candidate : known) {
            if (candidate.value().equals(value)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public final boolean equals(Object other) {
        return other != null && other.getClass() == getClass()
                && ((OpenValue) other).value.equals(value);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(getClass(), value);
    }

    /**
     * The wire value.
     *
     * @return {@link #value()}
     */
    @Override
    public final String toString() {
        return value;
    }
}
