package io.civicpass.feign;

import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;

/**
 * Where one request through the default client stands: not yet written, handed to the connection
 * for writing, or abandoned before that (its deadline passed, or its caller gave up). The
 * default client's last network interceptor moves it to written just before OkHttp writes; an
 * exchange that gives up moves it to abandoned. Whichever comes first wins, so an abandoned
 * request is never written afterwards, and a failure before writing is certainly one before
 * sending, however OkHttp words it.
 */
final class SendState {

    private static final int PENDING = 0;
    private static final int WRITTEN = 1;
    private static final int ABANDONED = 2;

    private final AtomicInteger phase = new AtomicInteger(PENDING);
    /** The {@code Retry-After} values as the server sent them, when the client restated them; else null. */
    private volatile java.util.List<String> sentRetryAfter;
    /** The default client's call for the request, once created; cancelled when the request is abandoned. */
    private volatile Call call;

    /**
     * Records the call that sends the request, so abandoning the request cancels it.
     *
     * @param value the call
     */
    void attach(Call value) {
        this.call = value;
        if (phase.get() == ABANDONED) {
            value.cancel();
        }
    }

    /**
     * Marks the request as about to be written.
     *
     * @return false when it was abandoned first, so it must not be written
     */
    boolean markWritten() {
        return phase.compareAndSet(PENDING, WRITTEN) || phase.get() == WRITTEN;
    }

    /**
     * Stops a request not yet written from ever being written, and cancels its call (a call
     * already answered is not affected).
     *
     * @return whether it may have been written (it was handed to the connection first)
     */
    boolean abandon() {
        boolean written = stopWriting();
        Call attached = call;
        if (attached != null) {
            attached.cancel();
        }
        return written;
    }

    /**
     * Stops a request not yet written from ever being written, without cancelling its call.
     *
     * @return whether it may have been written (it was handed to the connection first)
     */
    boolean stopWriting() {
        return !phase.compareAndSet(PENDING, ABANDONED) && phase.get() == WRITTEN;
    }

    /**
     * Whether the request may have been written, in whole or in part.
     *
     * @return false only while it certainly was not
     */
    boolean mayHaveBeenWritten() {
        return phase.get() == WRITTEN;
    }

    /**
     * Keeps the {@code Retry-After} values the server sent, before they are restated for OkHttp.
     *
     * @param values the values as received
     */
    void keepRetryAfter(java.util.List<String> values) {
        this.sentRetryAfter = java.util.List.copyOf(values);
    }

    /**
     * The {@code Retry-After} values the server sent, when they were restated.
     *
     * @return the values, or null when nothing was restated
     */
    java.util.List<String> sentRetryAfter() {
        return sentRetryAfter;
    }

    @Override
    public String toString() {
        return "SendState[" + (phase.get() == WRITTEN ? "written" : phase.get() == ABANDONED ? "abandoned" : "pending")
                + "]";
    }
}
