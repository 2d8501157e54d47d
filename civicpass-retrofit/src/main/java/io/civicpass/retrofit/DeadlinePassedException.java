package io.civicpass.retrofit;

import java.io.IOException;

/**
 * Thrown inside OkHttp's interceptor chain when a request's deadline passed before it was
 * written. An {@link IOException}, so OkHttp reports it to the call like any other failure
 * (on its dispatcher, a runtime exception would also escape to the thread).
 */
final class DeadlinePassedException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param where where the request was when the deadline was found passed
     */
    DeadlinePassedException(String where) {
        super("the request's deadline passed " + where + "; it was not sent");
    }
}
