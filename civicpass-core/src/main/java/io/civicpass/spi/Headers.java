package io.civicpass.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable, case-insensitive multimap of HTTP header fields, keeping the order they were
 * added in and the case of each name as first given.
 *
 * @since 0.1.0
 */
public final class Headers {

    private static final Headers EMPTY = new Headers(Map.of(), Map.of());

    /** Lower-cased name to the name as given and its values. */
    private final Map<String, Entry> fields;
    /** The view {@link #asMap()} returns, built once: transports read it for every request. */
    private final Map<String, List<String>> byName;

    private record Entry(String name, List<String> values) {
    }

    private Headers(Map<String, Entry> fields, Map<String, List<String>> byName) {
        this.fields = fields;
        this.byName = byName;
    }

    /**
     * No header fields.
     *
     * @return the empty headers
     */
    public static Headers empty() {
        return EMPTY;
    }

    /**
     * Headers from a map such as an HTTP library hands back; null names (a status line, in some
     * libraries) and null values are skipped, names that differ only in case are merged.
     *
     * @param fields name to values
     * @return the headers
     */
    public static Headers of(Map<String, ? extends List<String>> fields) {
        Objects.requireNonNull(fields, "fields == null");
        Builder builder = new Builder();
        fields.forEach((name, values) -> {
            if (name != null && values != null) {
                for (String value : values) {
                    if (value != null) {
                        builder.add(name, value);
                    }
                }
            }
        });
        return builder.build();
    }

    /**
     * A builder.
     *
     * @return a new, empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The first value of a field.
     *
     * @param name the field name, in any case
     * @return the first value, or empty when the field is absent
     */
    public Optional<String> first(String name) {
        Entry entry = fields.get(key(name));
        return entry == null ? Optional.empty() : Optional.of(entry.values.get(0));
    }

    /**
     * The first value of a field, or null: for the many places that look one header up.
     *
     * @param name the field name, in any case
     * @return the first value, or null when the field is absent
     */
    public String firstOrNull(String name) {
        Entry entry = fields.get(key(name));
        return entry == null ? null : entry.values.get(0);
    }

    /**
     * Every value of a field.
     *
     * @param name the field name, in any case
     * @return the values, empty when the field is absent
     */
    public List<String> all(String name) {
        Entry entry = fields.get(key(name));
        return entry == null ? List.of() : entry.values;
    }

    /**
     * The fields as a map from each name (as first given) to its values, in the order added.
     *
     * @return an unmodifiable map
     */
    public Map<String, List<String>> asMap() {
        return byName;
    }

    /**
     * The field names, as first given, in the order added.
     *
     * @return the names
     */
    public List<String> names() {
        List<String> names = new ArrayList<>(fields.size());
        fields.values().forEach(entry -> names.add(entry.name));
        return names;
    }

    /**
     * Whether there are no fields.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /**
     * The field names only: values may hold credentials.
     *
     * @return a description without values
     */
    @Override
    public String toString() {
        return "Headers" + names();
    }

    /** A hash map's initial capacity that holds {@code size} entries without resizing. */
    private static int capacity(int size) {
        return (int) (size / 0.75f) + 1;
    }

    private static String key(String name) {
        Objects.requireNonNull(name, "name == null");
        return name.toLowerCase(Locale.ROOT);
    }

    /** Collects header fields. Not thread-safe. */
    public static final class Builder {

        private final Map<String, Entry> fields = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a value to a field.
         *
         * @param name  the field name
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException when the name is blank or either holds a line break
         */
        public Builder add(String name, String value) {
            Objects.requireNonNull(name, "name == null");
            Objects.requireNonNull(value, "value == null");
            if (name.isBlank() || name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header name must be a token, was '" + name + "'");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + name + " must not hold a line break");
            }
            // The builder's own entries hold mutable lists; build() copies them.
            fields.computeIfAbsent(key(name), k -> new Entry(name, new ArrayList<>(1))).values.add(value);
            return this;
        }

        /**
         * Replaces a field's values with one value.
         *
         * @param name  the field name
         * @param value the value
         * @return this builder
         */
        public Builder set(String name, String value) {
            fields.remove(key(name));
            return add(name, value);
        }

        /**
         * The headers collected so far.
         *
         * @return immutable headers
         */
        public Headers build() {
            if (fields.isEmpty()) {
                return EMPTY;
            }
            Map<String, Entry> copy = new LinkedHashMap<>(capacity(fields.size()));
            Map<String, List<String>> byName = new LinkedHashMap<>(capacity(fields.size()));
            fields.forEach((k, entry) -> {
                List<String> values = List.copyOf(entry.values);
                copy.put(k, new Entry(entry.name, values));
                byName.put(entry.name, values);
            });
            return new Headers(Collections.unmodifiableMap(copy), Collections.unmodifiableMap(byName));
        }
    }
}
