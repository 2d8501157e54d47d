package io.civicpass.feign;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Stops OkHttp from repeating a request on its own after a {@code 503} with
 * {@code Retry-After: 0}, which it does whatever {@code retryOnConnectionFailure} says: a
 * repeated issue could create a second pass, and core's retry policy must be the only one that
 * decides. As a network interceptor it sees the response before OkHttp's follow-up logic, and
 * restates a wait of zero seconds (or one too large for OkHttp to parse) as an HTTP date, which
 * means the same to a reader (RFC 9110, section 10.2.3) and is a value OkHttp does not act on.
 * The values as sent are kept in the request's {@link SendState}, and the response core sees
 * carries them again.
 */
final class NoSilentRetryInterceptor implements Interceptor {

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        if (response.code() != 503) {
            return response;
        }
        String retryAfter = response.header("Retry-After"); // the last value, as OkHttp reads it
        if (retryAfter == null || retryAfter.isEmpty() || !retryAfter.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return response;
        }
        long seconds;
        try {
            seconds = Long.parseLong(retryAfter);
        } catch (NumberFormatException tooLarge) {
            seconds = Long.MAX_VALUE;
        }
        if (seconds > 0 && seconds <= Integer.MAX_VALUE) {
            return response; // a real wait: OkHttp does not repeat the request
        }
        SendState state = chain.request().tag(SendState.class);
        if (state != null) {
            state.keepRetryAfter(response.headers("Retry-After"));
        }
        Instant at = Instant.now().plusSeconds(Math.min(seconds, Integer.MAX_VALUE));
        return response.newBuilder()
                .header("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC)))
                .build();
    }
}
