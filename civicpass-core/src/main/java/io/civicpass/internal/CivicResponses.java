package io.civicpass.internal;

import java.time.Instant;
import java.util.function.Function;

/**
 * The one way a transport turns a received HTTP response into a result or an exception: 2xx
 * is decoded (a body that cannot be decoded is an
 * {@link io.civicpass.error.InvalidResponseException}), anything else becomes the exception
 * {@link CivicErrors#forStatus} chooses.
 */
public final class CivicResponses {

    private CivicResponses() {
    }

    /**
     * Decodes a response.
     *
     * @param operation the operation
     * @param path      the request path
     * @param status    the HTTP status
     * @param headers   case-insensitive header lookup, returning null when absent
     * @param body      the body, possibly null or empty
     * @param now       the current time (for {@code Retry-After} dates)
     * @param decoder   reads the body of a 2xx response
     * @param <T>       the result type
     * @return the decoded result
     * @throws io.civicpass.error.CivicApiException for a non-2xx status or an unusable body
     */
    public static <T> T read(Operation operation, String path, int status, Function<String, String> headers,
                             byte[] body, Instant now, Function<byte[], T> decoder) {
        if (status < 200 || status > 299) {
            throw CivicErrors.forStatus(operation, path, status, headers, body, now);
        }
        try {
            return decoder.apply(body == null ? new byte[0] : body);
        } catch (RuntimeException unusable) {
            throw CivicErrors.invalidResponse(operation, path, status, headers, body, unusable);
        }
    }
}
