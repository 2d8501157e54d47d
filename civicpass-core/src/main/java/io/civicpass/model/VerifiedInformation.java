package io.civicpass.model;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The personal information Civic verified for a PII request. The set of fields depends on the
 * pass type; the known ones have typed accessors and every field is available by name.
 *
 * <p>This is personal data: {@link #toString()} shows field names only, never values.
 */
public final class VerifiedInformation {

    private static final VerifiedInformation EMPTY = new VerifiedInformation(Map.of());

    private final Map<String, Object> fields;

    private VerifiedInformation(Map<String, Object> fields) {
        this.fields = fields;
    }

    /**
     * Wraps a field map (values as JSON decodes them: strings, numbers, booleans, lists, maps).
     *
     * @param fields the fields; copied
     * @return the information
     */
    public static VerifiedInformation of(Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields == null");
        if (fields.isEmpty()) {
            return EMPTY;
        }
        return new VerifiedInformation(Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
    }

    /**
     * No information.
     *
     * @return an empty instance
     */
    public static VerifiedInformation empty() {
        return EMPTY;
    }

    /**
     * Every field, as sent.
     *
     * @return an unmodifiable map in the server's order
     */
    public Map<String, Object> asMap() {
        return fields;
    }

    /**
     * The names of the fields present.
     *
     * @return an unmodifiable set
     */
    public Set<String> fieldNames() {
        return fields.keySet();
    }

    /**
     * A field by name.
     *
     * @param name the field name
     * @return its value, or empty if absent or null
     */
    public Optional<Object> get(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /**
     * A text field by name.
     *
     * @param name the field name
     * @return its text, or empty if absent or not text
     */
    public Optional<String> text(String name) {
        Object value = fields.get(name);
        return value instanceof String ? Optional.of((String) value) : Optional.empty();
    }

    /**
     * The verified email address.
     *
     * @return the email or empty
     */
    public Optional<String> email() {
        return text("email");
    }

    /**
     * The full name as verified.
     *
     * @return the name or empty
     */
    public Optional<String> name() {
        return text("name");
    }

    /**
     * The date of birth.
     *
     * @return the date, or empty if absent or not an ISO date
     */
    public Optional<LocalDate> dateOfBirth() {
        return date("dateOfBirth");
    }

    /**
     * The identity document's expiry date.
     *
     * @return the date, or empty if absent or not an ISO date
     */
    public Optional<LocalDate> dateOfExpiry() {
        return date("dateOfExpiry");
    }

    /**
     * The identity document's type, for example {@code passport}.
     *
     * @return the type or empty
     */
    public Optional<String> documentType() {
        return text("documentType");
    }

    /**
     * The identity document's number.
     *
     * @return the number or empty
     */
    public Optional<String> documentNumber() {
        return text("documentNumber");
    }

    /**
     * The issuing country (ISO 3166-1 alpha-3, for example {@code GBR}).
     *
     * @return the country code or empty
     */
    public Optional<String> issueCountry() {
        return text("issueCountry");
    }

    /**
     * The address field (a postal address or a wallet address, depending on the pass type).
     *
     * @return the address or empty
     */
    public Optional<String> address() {
        return text("address");
    }

    /**
     * The user's account identifier, for example a {@code did:sol:} DID.
     *
     * @return the account id or empty
     */
    public Optional<String> accountId() {
        return text("accountId");
    }

    private Optional<LocalDate> date(String name) {
        return text(name).flatMap(text -> {
            try {
                return Optional.of(LocalDate.parse(text));
            } catch (DateTimeParseException notIso) {
                return Optional.empty();
            }
        });
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifiedInformation && ((VerifiedInformation) other).fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    /**
     * Field names only: the values are personal data.
     *
     * @return a redacted description
     */
    @Override
    public String toString() {
        return "VerifiedInformation" + fields.keySet() + " (values redacted)";
    }
}
