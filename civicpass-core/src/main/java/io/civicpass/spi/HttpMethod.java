package io.civicpass.spi;

/**
 * The HTTP methods Civic's API uses.
 *
 * @since 0.1.0
 */
public enum HttpMethod {
    /** {@code GET}. */
    GET,
    /** {@code POST}. */
    POST,
    /** {@code PUT}. */
    PUT,
    /** {@code PATCH}. */
    PATCH,
    /** {@code DELETE}. */
    DELETE
}
