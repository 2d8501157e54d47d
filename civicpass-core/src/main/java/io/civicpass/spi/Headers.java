package io.civicpass.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

    private static final Headers EMPTY = new Headers(new String[0], 0);

    /**
     * Name, value, name, value... in the order added, names as given. Headers are few, so a
     * scan beats a map, and an exchange builds two of them.
     */
    private final String[] fields;
    private final int size;
    /** {@link #asMap()}, built when first asked for; racy but idempotent, as String.hashCode is. */
    private Map<String, List<String>> byName;

    private Headers(String[] fields, int size) {
        this.fields = fields;
        this.size = size;
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
        return Optional.ofNullable(firstOrNull(name));
    }

    /**
     * The first value of a field, or null.
     *
     * @param name the field name, in any case
     * @return the first value, or null when the field is absent
     */
    public String firstOrNull(String name) {
        Objects.requireNonNull(name, "name == null");
        for (int i = 0; i < size; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                return fields[i + 1];
            }
        }
        return null;
    }

    /**
     * All values of a field, in the order added.
     *
     * @param name the field name, in any case
     * @return the values, empty when the field is absent
     */
    public List<String> all(String name) {
        Objects.requireNonNull(name, "name == null");
        List<String> values = null;
        for (int i = 0; i < size; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                if (values == null) {
                    values = new ArrayList<>(1);
                }
                values.add(fields[i + 1]);
            }
        }
        return values == null ? List.of() : Collections.unmodifiableList(values);
    }

    /**
     * The fields as a map from each name (as first given) to its values, in the order added.
     *
     * @return an unmodifiable map
     */
    public Map<String, List<String>> asMap() {
        Map<String, List<String>> map = byName;
        if (map == null) {
            Map<String, List<String>> grouped = new LinkedHashMap<>();
            for (int i = 0; i < size; i += 2) {
                String name = firstName(fields[i]);
                grouped.computeIfAbsent(name, n -> new ArrayList<>(1)).add(fields[i + 1]);
            }
            grouped.replaceAll((name, values) -> List.copyOf(values));
            map = Collections.unmodifiableMap(grouped);
            byName = map;
        }
        return map;
    }

    /**
     * The field names, as first given, in the order added.
     *
     * @return the names
     */
    public List<String> names() {
        List<String> names = new ArrayList<>(size / 2);
        for (int i = 0; i < size; i += 2) {
            if (firstName(fields[i]) == fields[i]) {
                names.add(fields[i]);
            }
        }
        return names;
    }

    /**
     * Whether there are no fields.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return size == 0;
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

    /** The name as first given of the field that {@code name} belongs to. */
    private String firstName(String name) {
        for (int i = 0; i < size; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                return fields[i];
            }
        }
        throw new IllegalStateException("no field " + name);
    }

    /** Collects header fields. Not thread-safe. */
    public static final class Builder {

        private String[] fields = new String[8];
        private int size;

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
            if (size == fields.length) {
                fields = Arrays.copyOf(fields, 2 * size);
            }
            fields[size++] = name;
            fields[size++] = value;
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
            Objects.requireNonNull(name, "name == null");
            int kept = 0;
            for (int i = 0; i < size; i += 2) {
                if (!fields[i].equalsIgnoreCase(name)) {
                    fields[kept++] = fields[i];
                    fields[kept++] = fields[i + 1];
                }
            }
            Arrays.fill(fields, kept, size, null);
            size = kept;
            return add(name, value);
        }

        /**
         * The headers collected so far.
         *
         * @return immutable headers
         */
        public Headers build() {
            return size == 0 ? EMPTY : new Headers(Arrays.copyOf(fields, size), size);
        }
    }
}
