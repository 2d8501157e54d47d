package io.civicpass.okhttp;

import io.civicpass.spi.TransportException;
import io.civicpass.spi.TransportException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The one decision whether a failed OkHttp call may have sent its request: what keeps
 * {@code issue} at most once. A transport hands every failure of a call to
 * {@link #classify(Throwable, SendState, boolean)} (or, for {@code Call.execute()},
 * {@link #classifyBlocking(IOException, SendState, boolean)}) and reports what it answers.
 *
 * <p>The answer is "not sent" only where OkHttp proves that nothing of the request left the
 * socket: while the request's {@link SendState} is not written, because {@link WriteInterceptor},
 * the last network interceptor, marks it just before OkHttp writes the request on a connection it
 * has obtained (after the TCP connect, any proxy tunnel and the TLS handshake). Every failure
 * before that is one of connecting, of waiting, or of a call cancelled first; every failure after
 * it "may have been sent", whatever its type, a connect failure included (an interceptor of the
 * user's may proceed a second time, after the first request was written).
 *
 * <table>
 *   <caption>What each failure means</caption>
 *   <tr><th>failure</th><th>request not yet written</th><th>written</th></tr>
 *   <tr><td>{@link DeadlinePassedException} from this module's interceptors</td>
 *       <td>not sent, {@code TIMEOUT}</td><td>may have been sent, {@code TIMEOUT}</td></tr>
 *   <tr><td>OkHttp's call timeout ({@code InterruptedIOException("timeout")})</td>
 *       <td>not sent, {@code TIMEOUT}</td><td>may have been sent, {@code TIMEOUT}</td></tr>
 *   <tr><td>a socket read or write timeout ({@link SocketTimeoutException})</td>
 *       <td>not sent, {@code CONNECT} (connect or handshake timed out)</td>
 *       <td>may have been sent, {@code TIMEOUT}</td></tr>
 *   <tr><td>an interrupted thread ({@code InterruptedIOException("interrupted")})</td>
 *       <td>not sent, {@code IO}</td><td>may have been sent, {@code IO}</td></tr>
 *   <tr><td>a cancelled call</td><td>not sent, {@code IO}</td><td>may have been sent, {@code IO}</td></tr>
 *   <tr><td>refused, unreachable, unknown host, failed TLS handshake, proxy tunnel refused,
 *       dispatcher shut down</td>
 *       <td>not sent, {@code CONNECT}</td><td>may have been sent, {@code IO}</td></tr>
 *   <tr><td>any other {@link IOException} (connection closed or reset, malformed response)</td>
 *       <td>not sent, {@code CONNECT}</td><td>may have been sent, {@code IO}</td></tr>
 *   <tr><td>an interceptor's runtime exception or error (on the dispatcher OkHttp wraps it as
 *       {@code IOException("canceled due to ...")})</td>
 *       <td colspan="2">that exception itself, as the blocking call would throw it</td></tr>
 * </table>
 *
 * <p>Messages name failure types only, never a URL, header value or body.
 *
 * @since 0.1.0
 */
public final class OkHttpFailures {

    /** OkHttp's prefix for an interceptor's non-I/O failure on its dispatcher. */
    private static final String CANCELED_DUE_TO = "canceled due to ";

    private OkHttpFailures() {
    }

    /**
     * What a failed call means to core.
     *
     * @param failed   what OkHttp reported ({@code Callback.onFailure}, or what {@code execute()} threw)
     * @param state    the request's send state, as {@link WriteInterceptor} marked it
     * @param canceled whether the call was cancelled ({@code Call.isCanceled()})
     * @return a {@link TransportException}; or, for a failure that is not an {@link IOException}
     *         and for an interceptor's failure OkHttp wrapped, that failure itself
     */
    public static Throwable classify(Throwable failed, SendState state, boolean canceled) {
        Objects.requireNonNull(failed, "failed == null");
        Objects.requireNonNull(state, "state == null");
        boolean written = state.mayHaveBeenWritten();
        for (Throwable t = failed; t != null; t = t.getCause()) {
            if (t instanceof DeadlinePassedException) {
                return written
                        ? TransportException.maybeSent(Kind.TIMEOUT,
                                "the deadline passed after the request may have been written", failed)
                        : TransportException.notSent(Kind.TIMEOUT, t.getMessage(), failed);
            }
        }
        if (!(failed instanceof IOException)) {
            return failed;
        }
        Throwable[] suppressed = failed.getSuppressed();
        if (suppressed.length > 0 && String.valueOf(failed.getMessage()).startsWith(CANCELED_DUE_TO)) {
            return suppressed[0];
        }
        boolean callTimeout = failed instanceof InterruptedIOException && "timeout".equals(failed.getMessage());
        // Okio gives up on an interrupted thread at its next read or write.
        boolean interrupted = failed instanceof InterruptedIOException && "interrupted".equals(failed.getMessage());
        if (!written) {
            if (callTimeout) {
                return TransportException.notSent(Kind.TIMEOUT, "the deadline passed before the request was written",
                        failed);
            }
            if (interrupted) {
                return new TransportException(Kind.IO, false, "the thread was interrupted before the request was written",
                        failed);
            }
            if (canceled) {
                return new TransportException(Kind.IO, false, "the call was cancelled before the request was written",
                        failed);
            }
            return TransportException.notSent(Kind.CONNECT, connectMessage(failed), failed);
        }
        if (callTimeout || failed instanceof SocketTimeoutException) {
            return TransportException.maybeSent(Kind.TIMEOUT, "no complete response by the deadline", failed);
        }
        if (interrupted) {
            return TransportException.maybeSent(Kind.IO, "the thread was interrupted during the exchange", failed);
        }
        if (isConnectFailure(failed)) {
            // A later connection of the same call (an interceptor proceeding again): the first
            // request may have reached the server.
            return TransportException.maybeSent(Kind.IO, "a connection failed after the request may have been written",
                    failed);
        }
        if (canceled) {
            return TransportException.maybeSent(Kind.IO, "the call was cancelled after the request was written", failed);
        }
        return TransportException.maybeSent(Kind.IO,
                "the connection failed after the request was written (" + failed.getClass().getSimpleName() + ")", failed);
    }

    /**
     * What a failed {@code Call.execute()} means to core, as an exception to throw.
     *
     * @param failed   what {@code execute()} threw
     * @param state    the request's send state
     * @param canceled whether the call was cancelled
     * @return what {@link #classify(Throwable, SendState, boolean)} answers when it is unchecked; a
     *         {@link TransportException} (may have been sent) holding it otherwise
     */
    public static RuntimeException classifyBlocking(IOException failed, SendState state, boolean canceled) {
        Throwable answer = classify(failed, state, canceled);
        if (answer instanceof RuntimeException) {
            return (RuntimeException) answer;
        }
        if (answer instanceof Error) {
            throw (Error) answer;
        }
        return TransportException.maybeSent(Kind.IO, "the exchange failed", answer);
    }

    /**
     * The failure for an exchange whose deadline came before a response: stops a request not yet
     * written from ever being written ({@link SendState#stopWriting()}) and says whether it may
     * have been sent. The exchange cancels the call afterwards, once its caller has this answer.
     *
     * @param state the request's send state
     * @param cause the timer's exception, or null
     * @return a {@link Kind#TIMEOUT} failure, not sent when the request was never written
     */
    public static TransportException deadlineReached(SendState state, Throwable cause) {
        return state.stopWriting()
                ? TransportException.maybeSent(Kind.TIMEOUT, "no complete response by the deadline", cause)
                : TransportException.notSent(Kind.TIMEOUT, "the deadline passed before the request was written", cause);
    }

    /**
     * The failure for an exchange started after its connection was closed: nothing was sent.
     *
     * @return the exception
     */
    public static TransportException connectionClosed() {
        return TransportException.notSent(Kind.CONNECT, "the transport connection is closed", null);
    }

    private static String connectMessage(Throwable failed) {
        for (Throwable t = failed; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "no connection (unknown host)";
            }
            if (t instanceof SSLHandshakeException) {
                return "no connection (the TLS handshake failed)";
            }
            if (t instanceof SocketTimeoutException) {
                return "no connection (timed out connecting)";
            }
            if (t instanceof RejectedExecutionException) {
                return "the call was not started: the client is closed";
            }
            if (t instanceof NoRouteToHostException || t instanceof PortUnreachableException) {
                return "no connection (unreachable)";
            }
            if (t instanceof ConnectException) {
                return "no connection (refused or unreachable)";
            }
        }
        return "no connection (" + failed.getClass().getSimpleName() + ")";
    }

    /** Whether the failure, or one of its causes, is one of opening a connection. */
    private static boolean isConnectFailure(Throwable failed) {
        for (Throwable t = failed; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof PortUnreachableException || t instanceof SSLHandshakeException
                    || message.startsWith("connect timed out")) {
                return true;
            }
        }
        return false;
    }
}
