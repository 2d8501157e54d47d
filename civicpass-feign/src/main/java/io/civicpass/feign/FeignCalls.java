package io.civicpass.feign;

import feign.Request;
import feign.Response;
import io.civicpass.spi.Headers;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;

/**
 * What both exchanges share: each request's Feign options, the reading of Feign's response, and
 * the naming of failures below HTTP. Messages name exception types only, never a URL, header
 * value or body.
 */
final class FeignCalls {

    private FeignCalls() {
    }

    /**
     * The options of one call: the connect timeout, and as Feign's read timeout what is left of
     * the request's deadline (capped by the builder's read timeout, if any). Never follows redirects.
     *
     * @param request        the request
     * @param connectTimeout the connect timeout
     * @param readCap        the builder's read timeout, or null
     * @return the options
     */
    static Request.Options options(HttpRequest request, Duration connectTimeout, Duration readCap) {
        long readNanos = request.remaining().toNanos();
        if (readCap != null) {
            readNanos = Math.min(readNanos, readCap.toNanos());
        }
        long readMillis = Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(readNanos + 999_999)));
        return new Request.Options(Math.max(1, connectTimeout.toMillis()), TimeUnit.MILLISECONDS,
                readMillis, TimeUnit.MILLISECONDS, false);
    }

    /**
     * The failure for a request whose deadline passed before it could be sent.
     *
     * @return the exception
     */
    static TransportException expired() {
        return TransportException.notSent(TransportException.Kind.TIMEOUT,
                "the deadline passed before the request was sent", null);
    }

    /**
     * The failure for a request made after the connection was closed.
     *
     * @return the exception
     */
    static TransportException closed() {
        return TransportException.notSent(TransportException.Kind.CONNECT, "the transport connection is closed", null);
    }

    /**
     * Reads Feign's response whole and closes it.
     *
     * @param response the response
     * @return the SPI's response
     * @throws IOException when the body could not be read
     */
    static HttpResponse read(Response response) throws IOException {
        try (response) {
            Headers.Builder headers = Headers.builder();
            response.headers().forEach((name, values) -> {
                if (name != null && values != null) {
                    for (String value : values) {
                        if (value != null) {
                            headers.add(name, value);
                        }
                    }
                }
            });
            byte[] body;
            Response.Body responseBody = response.body();
            if (responseBody == null) {
                body = new byte[0];
            } else {
                try (InputStream in = responseBody.asInputStream()) {
                    body = readAll(in, responseBody.length());
                }
            }
            int status = response.status();
            if (status < 100 || status > 599) {
                throw TransportException.maybeSent(TransportException.Kind.IO,
                        "the response's status " + status + " is not an HTTP status", null);
            }
            return HttpResponse.of(status, headers.build(), body);
        }
    }

    /**
     * The whole stream; with a known length, into one array of that size rather than through
     * a copy buffer (the default client hands Feign the body as an array of known length).
     */
    private static byte[] readAll(InputStream in, Integer length) throws IOException {
        if (length == null || length < 0) {
            return in.readAllBytes();
        }
        byte[] expected = in.readNBytes(length);
        int next = in.read();
        if (next < 0) {
            return expected;
        }
        byte[] rest = in.readAllBytes(); // longer than it said: keep every byte
        byte[] all = Arrays.copyOf(expected, expected.length + 1 + rest.length);
        all[expected.length] = (byte) next;
        System.arraycopy(rest, 0, all, expected.length + 1, rest.length);
        return all;
    }

    /**
     * Names a failure below HTTP. A {@link TransportException} raised on the way is reported as
     * it is; otherwise the I/O failure Feign wrapped (in a {@code RetryableException}, whose
     * message quotes the URL) decides the kind.
     *
     * @param failure what the call failed with
     * @return the exception to report
     */
    static TransportException failure(Throwable failure) {
        Throwable unwrapped = failure;
        while ((unwrapped instanceof CompletionException || unwrapped instanceof ExecutionException)
                && unwrapped.getCause() != null) {
            unwrapped = unwrapped.getCause();
        }
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = unwrapped; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable t : chain) {
            if (t instanceof TransportException) {
                return (TransportException) t;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof IOException) {
                return fromIO((IOException) t);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof TimeoutException) {
                return TransportException.maybeSent(TransportException.Kind.TIMEOUT,
                        "no complete response by the deadline", t);
            }
        }
        if (unwrapped instanceof CancellationException) {
            return TransportException.maybeSent(TransportException.Kind.IO, "the exchange was abandoned", unwrapped);
        }
        return TransportException.maybeSent(TransportException.Kind.IO,
                "the exchange failed (" + unwrapped.getClass().getName() + ")", unwrapped);
    }

    private static TransportException fromIO(IOException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
                    || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SSLHandshakeException) {
                return TransportException.notSent(TransportException.Kind.CONNECT,
                        "no connection (" + t.getClass().getSimpleName() + ")", failure);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return TransportException.maybeSent(TransportException.Kind.TIMEOUT,
                        "no complete response by the deadline (" + t.getClass().getSimpleName() + ")", failure);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (failure instanceof InterruptedIOException) {
            return TransportException.maybeSent(TransportException.Kind.IO, "interrupted while waiting for the response",
                    failure);
        }
        return TransportException.maybeSent(TransportException.Kind.IO,
                "the exchange failed (" + failure.getClass().getSimpleName() + ")", failure);
    }
}
