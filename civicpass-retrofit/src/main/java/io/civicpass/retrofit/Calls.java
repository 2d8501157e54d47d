package io.civicpass.retrofit;

import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.TransportException;
import io.civicpass.spi.TransportException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.Timeout;
import retrofit2.Call;
import retrofit2.Response;

/**
 * What both exchanges share: turning core's {@link HttpRequest} into a Retrofit call with its
 * deadline applied, the response into an {@link HttpResponse}, and OkHttp's failures into
 * {@link TransportException}s that say precisely whether the request may have been sent.
 * Messages never hold a URL's query, a header value or a body.
 */
final class Calls {

    private static final byte[] NO_BYTES = new byte[0];

    private final HttpApi api;
    private final boolean applyTimeout;

    /**
     * @param api          the Retrofit interface over the connection's OkHttp client
     * @param applyTimeout whether each call's OkHttp timeout is set to what its request has left
     *                     (false keeps a shared client's own call timeout, bounded by the deadline)
     */
    Calls(HttpApi api, boolean applyTimeout) {
        this.api = api;
        this.applyTimeout = applyTimeout;
    }

    /**
     * A Retrofit call for the request, not started, bounded by the request's deadline.
     *
     * @param request    the request as core built it
     * @param state      where the request's sending stands, tagged onto the OkHttp request
     * @param ownTimer   whether the caller ends the call at its deadline with a timer of its own
     *                   that also covers the dispatcher's queue (the non-blocking face): OkHttp's
     *                   call timeout would repeat it, and each one OkHttp arms walks and locks its
     *                   JVM-wide list of timeouts, so a call of the transport's own client gets none
     * @return the call
     * @throws TransportException (not sent) when the deadline has already passed or OkHttp
     *                            cannot send the request exactly as given
     */
    Call<ResponseBody> newCall(HttpRequest request, SendState state, boolean ownTimer) {
        if (request.expired()) {
            throw TransportException.notSent(Kind.TIMEOUT, "the request's deadline passed before it was started", null);
        }
        String url = checkedUrl(request.uri());
        Headers headers = headers(request.headers());
        Call<ResponseBody> call;
        try {
            call = switch (request.method()) {
                case GET -> {
                    if (request.hasBody()) {
                        throw notSendable("OkHttp sends no body with GET");
                    }
                    yield api.get(url, headers, request, state);
                }
                case DELETE -> request.hasBody()
                        ? api.deleteWithBody(url, headers, body(request), request, state)
                        : api.delete(url, headers, request, state);
                case POST -> api.post(url, headers, body(request), request, state);
                case PUT -> api.put(url, headers, body(request), request, state);
                case PATCH -> api.patch(url, headers, body(request), request, state);
            };
            Timeout timeout = call.timeout(); // creates OkHttp's call, so that the request is built here
            if (ownTimer) {
                if (applyTimeout) {
                    timeout.timeout(0, TimeUnit.NANOSECONDS).clearDeadline();
                }
            } else {
                if (applyTimeout) {
                    timeout.timeout(Math.max(1, request.remaining().toNanos()), TimeUnit.NANOSECONDS);
                }
                // OkHttp starts a call's timeout only when the dispatcher runs it; the deadline counts from
                // when core built the request, so time queued in the dispatcher is included.
                timeout.deadlineNanoTime(request.deadlineNanos());
            }
        } catch (IllegalArgumentException | IllegalStateException refused) {
            // Retrofit's and OkHttp's messages may quote the URL: name the failure's type only.
            throw notSendable("OkHttp refused to build the request (" + refused.getClass().getSimpleName() + ")");
        }
        return call;
    }

    /**
     * The whole response, whatever its status. Retrofit has already buffered the body.
     *
     * @param response Retrofit's response
     * @return the response
     * @throws TransportException (may have been sent) when the body cannot be read or the status
     *                            is outside 100 to 599
     */
    static HttpResponse response(Response<ResponseBody> response) {
        int status = response.code();
        Headers fields = response.headers();
        io.civicpass.spi.Headers.Builder headers = io.civicpass.spi.Headers.builder();
        for (int i = 0; i < fields.size(); i++) {
            headers.add(fields.name(i), fields.value(i));
        }
        byte[] body;
        try (ResponseBody content = response.isSuccessful() ? response.body() : response.errorBody()) {
            body = content == null ? NO_BYTES : content.bytes();
        } catch (IOException unreadable) {
            throw TransportException.maybeSent(Kind.IO, "the response body could not be read", unreadable);
        }
        if (status < 100 || status > 599) {
            throw TransportException.maybeSent(Kind.IO, "the response's status " + status + " is not an HTTP status", null);
        }
        return HttpResponse.of(status, headers.build(), body);
    }

    /**
     * What a failed call means to core. OkHttp reports as an {@link IOException} a network
     * failure or timeout, a call cancelled by someone, a deadline this transport found passed,
     * and, on its dispatcher, an exception thrown by an interceptor (which it wraps as
     * {@code "canceled due to ..."}; that one is passed on as it is, like anything not an
     * {@code IOException}).
     *
     * @param call   the call that failed
     * @param failed what OkHttp reported
     * @param state  whether the request reached the connection
     * @return a {@link TransportException}, or the interceptor's own exception
     */
    static Throwable failure(Call<?> call, Throwable failed, SendState state) {
        for (Throwable t = failed; t != null; t = t.getCause()) {
            if (t instanceof DeadlinePassedException) {
                return TransportException.notSent(Kind.TIMEOUT, t.getMessage(), failed);
            }
        }
        if (!(failed instanceof IOException)) {
            return failed;
        }
        Throwable[] suppressed = failed.getSuppressed();
        if (suppressed.length > 0 && String.valueOf(failed.getMessage()).startsWith("canceled due to ")) {
            return suppressed[0];
        }
        boolean callTimeout = failed instanceof InterruptedIOException && "timeout".equals(failed.getMessage());
        // Okio gives up on an interrupted thread at its next read or write.
        boolean interrupted = failed instanceof InterruptedIOException && "interrupted".equals(failed.getMessage());
        if (!state.mayHaveBeenWritten()) {
            if (interrupted) {
                return new TransportException(Kind.IO, false, "the thread was interrupted before the request was written", failed);
            }
            if (callTimeout) {
                return TransportException.notSent(Kind.TIMEOUT, "the deadline passed before the request was written", failed);
            }
            if (call.isCanceled()) {
                return new TransportException(Kind.IO, false, "the call was cancelled before the request was written", failed);
            }
            // No connection (refused, unknown host, TLS, connect timeout, proxy) or the dispatcher refused the call.
            return TransportException.notSent(Kind.CONNECT, connectMessage(failed), failed);
        }
        if (callTimeout || failed instanceof SocketTimeoutException) {
            return TransportException.maybeSent(Kind.TIMEOUT, "no complete response by the deadline", failed);
        }
        if (interrupted) {
            return TransportException.maybeSent(Kind.IO, "the thread was interrupted during the exchange", failed);
        }
        if (isConnectFailure(failed)) {
            // Not reached by OkHttp's design (it writes only on a connected socket); kept conservative.
            return TransportException.maybeSent(Kind.IO, "the connection failed", failed);
        }
        if (call.isCanceled()) {
            return TransportException.maybeSent(Kind.IO, "the call was cancelled after the request was written", failed);
        }
        return TransportException.maybeSent(Kind.IO, "the connection failed after the request was written", failed);
    }

    private static String connectMessage(Throwable failed) {
        for (Throwable t = failed; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "could not connect: unknown host";
            }
            if (t instanceof SSLHandshakeException) {
                return "could not connect: the TLS handshake failed";
            }
            if (t instanceof SocketTimeoutException) {
                return "could not connect: connect timeout";
            }
            if (t instanceof RejectedExecutionException) {
                return "the call was not started: the dispatcher is shut down";
            }
            if (t instanceof ConnectException) {
                return "could not connect: connection refused or unreachable";
            }
        }
        return "could not connect";
    }

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

    /**
     * The URL to hand Retrofit. OkHttp resolves dot segments, percent-encoded ones such as
     * {@code %2E} included, so a URI whose path it would rewrite is refused rather than sent
     * to another resource. A path of plain characters, as core builds them, needs no parse of
     * its own here (Retrofit parses the URL once anyway).
     */
    private static String checkedUrl(URI uri) {
        String text = uri.toString();
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String scheme = uri.getScheme();
        if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && keptAsIs(rawPath)) {
            return text;
        }
        HttpUrl url = HttpUrl.parse(text);
        if (url == null) {
            throw notSendable("OkHttp sends only http and https URLs, not " + scheme);
        }
        if (!url.encodedPath().equals(rawPath)) {
            throw notSendable("OkHttp would rewrite the request's path (a dot segment), so it is not sent");
        }
        return text;
    }

    /**
     * Whether OkHttp certainly keeps the path byte for byte: it holds only characters OkHttp
     * never encodes, percent escapes of two hex digits that are not a dot, and no segment
     * that is {@code .} or {@code ..}. Anything else takes the full check.
     */
    static boolean keptAsIs(String rawPath) {
        int segmentStart = 0;
        for (int i = 0; i <= rawPath.length(); i++) {
            char c = i < rawPath.length() ? rawPath.charAt(i) : '/';
            if (c == '/') {
                int length = i - segmentStart;
                if (length == 1 && rawPath.charAt(segmentStart) == '.'
                        || length == 2 && rawPath.charAt(segmentStart) == '.' && rawPath.charAt(segmentStart + 1) == '.') {
                    return false;
                }
                segmentStart = i + 1;
            } else if (c == '%') {
                if (i + 2 >= rawPath.length() || Character.digit(rawPath.charAt(i + 1), 16) < 0
                        || Character.digit(rawPath.charAt(i + 2), 16) < 0
                        || rawPath.charAt(i + 1) == '2' && (rawPath.charAt(i + 2) == 'e' || rawPath.charAt(i + 2) == 'E')) {
                    return false;
                }
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~!$&'()*+,;=:@".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** OkHttp's header builder, which checks names and values (its messages may quote values, ours do not). */
    private static Headers headers(io.civicpass.spi.Headers fields) {
        Headers.Builder builder = new Headers.Builder();
        for (Map.Entry<String, List<String>> field : fields.asMap().entrySet()) {
            for (String value : field.getValue()) {
                try {
                    builder.add(field.getKey(), value);
                } catch (IllegalArgumentException notAscii) {
                    throw notSendable("OkHttp cannot send the header " + field.getKey()
                            + ": its name or value has a character outside printable ASCII");
                }
            }
        }
        return builder.build();
    }

    /**
     * The body, or an empty one where OkHttp needs a body and core gave none. One-shot: OkHttp
     * must never replay it on its own, and {@code HttpLoggingInterceptor} does not print one-shot bodies.
     */
    private static RequestBody body(HttpRequest request) {
        byte[] bytes = request.hasBody() ? request.body() : NO_BYTES;
        String contentType = request.headers().firstOrNull("Content-Type");
        MediaType type = contentType == null ? null : MediaType.parse(contentType);
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return type; // null leaves core's Content-Type header exactly as it is
            }

            @Override
            public long contentLength() {
                return bytes.length;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(bytes);
            }

            @Override
            public boolean isOneShot() {
                return true;
            }
        };
    }

    private static TransportException notSendable(String message) {
        return new TransportException(Kind.IO, false, message, null);
    }
}
