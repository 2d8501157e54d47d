package io.civicpass.okhttp;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Stops OkHttp from silently repeating a request after a {@code 503} with
 * {@code Retry-After: 0}.
 *
 * <p>OkHttp re-sends such a request once on its own, whatever {@code retryOnConnectionFailure}
 * says. A repeated issue could create a second pass, and core's retry policy must be the only
 * one deciding. As a network interceptor this sees the response before OkHttp's follow-up logic
 * and states the same wait as an HTTP date ("retry from now on"), which means the same to anyone
 * reading it (RFC 9110, section 10.2.3) but is a value OkHttp does not act on. A number of seconds
 * too large for an {@code int}, which OkHttp would fail on with a {@link NumberFormatException},
 * is restated as a date the same way. When the request carries a {@link SendState}, the values as
 * the server sent them are kept there ({@link SendState#sentRetryAfter()}), so the response a
 * transport hands core can carry them again. It knows nothing of Civic: it applies to any
 * response.
 *
 * @since 0.1.0
 */
public final class NoSilentRetryInterceptor implements Interceptor {

    private static final int SERVICE_UNAVAILABLE = 503;
    private static final String RETRY_AFTER = "Retry-After";

    private final Clock clock;

    /** With the system clock, for the date the wait is restated as. */
    public NoSilentRetryInterceptor() {
        this(Clock.systemUTC());
    }

    /**
     * With a clock of the caller's.
     *
     * @param clock the clock the restated date is computed from
     */
    public NoSilentRetryInterceptor(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock == null");
    }

    /**
     * Proceeds, and restates a zero (or unparseable for OkHttp) wait of a {@code 503} as a date.
     *
     * @param chain OkHttp's chain
     * @return the response, its {@code Retry-After} restated where OkHttp would act on it
     * @throws IOException the chain's failure
     */
    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        if (response.code() != SERVICE_UNAVAILABLE) {
            return response;
        }
        String retryAfter = response.header(RETRY_AFTER); // OkHttp reads the last value, so do we
        if (retryAfter == null || retryAfter.isEmpty() || !retryAfter.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return response; // absent, or a date: OkHttp leaves the response alone
        }
        long seconds = parseCapped(retryAfter);
        if (seconds > 0 && seconds <= Integer.MAX_VALUE) {
            return response; // a real wait: OkHttp does not repeat the request
        }
        SendState state = chain.request().tag(SendState.class);
        if (state != null) {
            state.keepRetryAfter(response.headers(RETRY_AFTER));
        }
        Instant at = clock.instant().plusSeconds(Math.min(seconds, Integer.MAX_VALUE));
        return response.newBuilder()
                .header(RETRY_AFTER, DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC)))
                .build();
    }

    /** The number of seconds, or {@link Long#MAX_VALUE} when it does not fit a long. */
    private static long parseCapped(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLarge) {
            return Long.MAX_VALUE;
        }
    }
}
