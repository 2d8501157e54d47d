package io.civicpass.model;

/**
 * How the client-credentials token request is sent. Civic's token endpoint accepts both.
 */
public enum TokenRequestStyle {
    /**
     * The documented default: {@code Authorization: Basic base64(id:secret)} and the form body
     * {@code grant_type=client_credentials}.
     */
    BASIC_FORM,
    /**
     * A JSON body with {@code client_id}, {@code client_secret}, {@code audience} and
     * {@code grant_type}, as Civic's PII guide shows.
     */
    JSON_BODY
}
