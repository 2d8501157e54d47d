package io.civicpass.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An OAuth 2.0 access token for Civic's API. A secret: {@link #toString()} never shows it.
 *
 * @param value     the bearer token
 * @param type      the token type, {@code Bearer}
 * @param expiresAt when it stops being valid, as computed on receipt from {@code expires_in}
 * @param scopes    the granted scopes, possibly empty
 */
public record AccessToken(String value, String type, Instant expiresAt, Set<String> scopes) {

    /**
     * Requires value and expiry and copies the scopes.
     *
     * @param value the bearer token
     * @param type the token type, {@code Bearer}
     * @param expiresAt when it stops being valid, as computed on receipt from {@code expires_in}
     * @param scopes the granted scopes, possibly empty
     */
    public AccessToken {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("access token value must not be blank");
        }
        Objects.requireNonNull(expiresAt, "expiresAt == null");
        type = type == null || type.isBlank() ? "Bearer" : type;
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes == null"));
    }

    /**
     * Whether the token is still usable at {@code now} with {@code margin} to spare.
     *
     * @param now    the current time
     * @param margin how long before expiry the token is already considered spent
     * @return true when {@code now + margin} is before the expiry
     */
    public boolean isValidAt(Instant now, Duration margin) {
        return now.plus(margin).isBefore(expiresAt);
    }

    /**
     * The value of the {@code Authorization} header carrying this token.
     *
     * @return {@code "Bearer <token>"}
     */
    public String authorizationHeader() {
        return "Bearer " + value;
    }

    /**
     * Describes the token without its value.
     *
     * @return type, expiry and scopes
     */
    @Override
    public String toString() {
        return "AccessToken[value=<redacted>, type=" + type + ", expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
    }
}
