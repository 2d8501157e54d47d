package io.civicpass.okhttp;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;

/**
 * Where one request stands: not yet written, handed to the connection for writing, or abandoned
 * before that (its deadline passed, or its caller gave up). A transport creates one per request
 * and tags the OkHttp request with it ({@code Request.Builder.tag(SendState.class, state)}).
 * {@link WriteInterceptor}, the last network interceptor, moves it to written just before OkHttp
 * writes; an exchange that gives up moves it to abandoned. Whichever comes first wins, so an
 * abandoned request is never written afterwards, and a failure while it is not written is
 * certainly one before sending, however OkHttp words it ({@link OkHttpFailures}).
 *
 * <p>It also keeps the {@code Retry-After} values a server sent when
 * {@link NoSilentRetryInterceptor} restated them, so the response a transport hands core carries
 * the server's values. Thread-safe.
 *
 * @since 0.1.0
 */
public final class SendState {

    private static final int PENDING = 0;
    private static final int WRITTEN = 1;
    private static final int ABANDONED = 2;

    private final AtomicInteger phase = new AtomicInteger(PENDING);
    /** The {@code Retry-After} values as the server sent them, when they were restated; else null. */
    private volatile List<String> sentRetryAfter;
    /** The request's OkHttp call, once attached; cancelled when the request is abandoned. */
    private volatile Call call;

    /** A request not yet written. */
    public SendState() {
    }

    /**
     * Records the call that sends the request, so that abandoning the request cancels it. A call
     * attached after the request was abandoned is cancelled at once.
     *
     * @param value the call
     */
    public void attach(Call value) {
        this.call = Objects.requireNonNull(value, "value == null");
        if (phase.get() == ABANDONED) {
            value.cancel();
        }
    }

    /**
     * Marks the request as about to be written.
     *
     * @return false when it was abandoned first, so it must not be written
     */
    public boolean markWritten() {
        return phase.compareAndSet(PENDING, WRITTEN) || phase.get() == WRITTEN;
    }

    /**
     * Stops a request not yet written from ever being written, without cancelling its call.
     *
     * @return whether it may have been written (it was handed to the connection first)
     */
    public boolean stopWriting() {
        return !phase.compareAndSet(PENDING, ABANDONED) && phase.get() == WRITTEN;
    }

    /**
     * Stops a request not yet written from ever being written, and cancels its attached call (a
     * call already answered is not affected).
     *
     * @return whether it may have been written (it was handed to the connection first)
     */
    public boolean abandon() {
        boolean written = stopWriting();
        Call attached = call;
        if (attached != null) {
            attached.cancel();
        }
        return written;
    }

    /**
     * Whether the request may have been written, in whole or in part.
     *
     * @return false only while it certainly was not
     */
    public boolean mayHaveBeenWritten() {
        return phase.get() == WRITTEN;
    }

    /**
     * Keeps the {@code Retry-After} values the server sent, before they are restated for OkHttp.
     *
     * @param values the values as received
     */
    public void keepRetryAfter(List<String> values) {
        this.sentRetryAfter = List.copyOf(values);
    }

    /**
     * The {@code Retry-After} values the server sent, when they were restated.
     *
     * @return the values, or null when nothing was restated
     */
    public List<String> sentRetryAfter() {
        return sentRetryAfter;
    }

    /**
     * Describes the phase only.
     *
     * @return {@code SendState[pending]}, {@code [written]} or {@code [abandoned]}
     */
    @Override
    public String toString() {
        int now = phase.get();
        return "SendState[" + (now == WRITTEN ? "written" : now == ABANDONED ? "abandoned" : "pending") + "]";
    }
}
