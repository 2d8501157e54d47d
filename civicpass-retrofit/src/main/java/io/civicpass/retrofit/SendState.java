package io.civicpass.retrofit;

/**
 * Whether any byte of one request may have been written: the tag OkHttp carries along with
 * each request this transport sends, set by {@link WriteInterceptor} just before OkHttp writes.
 * Until then a failure is certainly one before sending (no connection, a deadline passed in the
 * dispatcher's queue), however OkHttp words it.
 */
final class SendState {

    private volatile boolean written;

    /** Marks the request as handed to the connection for writing. */
    void markWritten() {
        written = true;
    }

    /**
     * Whether the request may have been written, in whole or in part.
     *
     * @return false only while it certainly was not
     */
    boolean mayHaveBeenWritten() {
        return written;
    }

    @Override
    public String toString() {
        return "SendState[written=" + written + "]";
    }
}
