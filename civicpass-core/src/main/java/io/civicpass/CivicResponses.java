package io.civicpass;

import io.civicpass.spi.HttpResponse;

import java.time.Instant;
import java.util.function.Function;

/**
 * The one way a response becomes a result or an exception: 2xx is decoded (a body that cannot
 * be decoded is an {@link io.civicpass.error.InvalidResponseException}), anything else becomes
 * the exception {@link CivicErrors#forStatus} chooses.
 */
final class CivicResponses {

    private CivicResponses() {
    }

    static <T> T read(Operation operation, String path, HttpResponse response, Instant now,
                      Function<byte[], T> decoder) {
        int status = response.status();
        if (status < 200 || status > 299) {
            throw CivicErrors.forStatus(operation, path, response, now);
        }
        try {
            return decoder.apply(response.body());
        } catch (RuntimeException unusable) {
            throw CivicErrors.invalidResponse(operation, path, response, unusable);
        }
    }
}
