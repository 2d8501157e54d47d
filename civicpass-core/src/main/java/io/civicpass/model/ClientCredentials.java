package io.civicpass.model;

/**
 * A Civic API client's OAuth 2.0 credentials. The secret never appears in
 * {@link #toString()}.
 *
 * @param clientId     the client id (not secret)
 * @param clientSecret the client secret
 */
public record ClientCredentials(String clientId, String clientSecret) {

    /**
     * Requires both parts; the error for the secret never shows it.
     *
     * @param clientId the client id (not secret)
     * @param clientSecret the client secret
     * @throws IllegalArgumentException when either part is blank
     */
    public ClientCredentials {
        Text.requireNonBlank("clientId", clientId);
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("clientSecret must not be blank");
        }
    }

    /**
     * Credentials from an id and a secret.
     *
     * @param clientId     the client id
     * @param clientSecret the client secret
     * @return the credentials
     */
    public static ClientCredentials of(String clientId, String clientSecret) {
        return new ClientCredentials(clientId, clientSecret);
    }

    /**
     * Describes the credentials without the secret.
     *
     * @return the client id and a redacted secret
     */
    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + ", clientSecret=<redacted>]";
    }
}
