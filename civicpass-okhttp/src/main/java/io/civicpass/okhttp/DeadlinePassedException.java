package io.civicpass.okhttp;

import java.io.IOException;

/**
 * Thrown inside OkHttp's interceptor chain by {@link DeadlineInterceptor} and
 * {@link WriteInterceptor} when a request must not be written: its deadline passed, or its
 * exchange abandoned it. An {@link IOException}, so OkHttp reports it to the call like any other
 * failure (on its dispatcher, a runtime exception would also escape to the thread).
 * {@link OkHttpFailures} reads it as "not sent" unless the request was written before (an
 * interceptor of the user's may proceed twice).
 *
 * @since 0.1.0
 */
public final class DeadlinePassedException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * A request refused before it was written.
     *
     * @param message where the request was, and why it is not written
     */
    public DeadlinePassedException(String message) {
        super(message);
    }
}
