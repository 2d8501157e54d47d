package io.civicpass.micrometer;

import java.util.Objects;

/**
 * Stands in, on a failed call's or attempt's observation ({@code Observation.error}), for the
 * exception it failed with, so that tracing marks the span as failed. It carries the exception
 * type's simple name alone, as its message, with no cause and no stack trace: the real
 * exception's message may name a concrete path, with a wallet or a PII request id in it, and the
 * client tells listeners only the type.
 *
 * @since 0.1.0
 */
public final class CivicPassFailure extends RuntimeException {

    /** The simple name of the exception the call or attempt failed with. */
    private final String errorType;

    CivicPassFailure(String errorType) {
        super(Objects.requireNonNull(errorType, "errorType == null"), null, false, false);
        this.errorType = errorType;
    }

    /**
     * The simple name of the exception the call or attempt failed with, as in {@code error.type}.
     *
     * @return the name, for example {@code ServerException}
     */
    public String errorType() {
        return errorType;
    }
}
