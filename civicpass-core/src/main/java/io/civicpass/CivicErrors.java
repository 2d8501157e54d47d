package io.civicpass;

import io.civicpass.error.AuthenticationException;
import io.civicpass.error.CivicApiException;
import io.civicpass.error.ConfigurationException;
import io.civicpass.error.PiiRequestNotFoundException;
import io.civicpass.error.CivicPassException;
import io.civicpass.error.CivicTransportException;
import io.civicpass.error.InvalidRequestException;
import io.civicpass.error.InvalidResponseException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.error.RateLimitedException;
import io.civicpass.error.ServerException;
import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.TransportException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.net.ssl.SSLHandshakeException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns HTTP outcomes into the library's exceptions, the same way for every transport.
 */
final class CivicErrors {

    /** The most of a response body an exception quotes. */
    static final int EXCERPT_LIMIT = 300;

    private static final String[] REQUEST_ID_HEADERS = {"x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id"};
    /** JWT-shaped text (three base64url parts): access tokens, redacted wherever they appear. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    /** A bearer credential quoted anywhere. */
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    /** Secret-bearing JSON or form fields, redacted wherever they appear. */
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(\"?(?:client_secret|access_token|refresh_token|id_token|token|password|secret)\"?\\s*[:=]\\s*\"?)[^\"&,}\\s]*",
            Pattern.CASE_INSENSITIVE);

    private CivicErrors() {
    }

    /**
     * The exception for a non-2xx response.
     *
     * @param operation the operation
     * @param path      the request path (for the token endpoint, its URL's path)
     * @param status    the HTTP status
     * @param headers   case-insensitive header lookup, returning null when absent
     * @param body      the response body, possibly empty or null
     * @param now       the current time, for a {@code Retry-After} date
     * @return the matching exception
     */
    static CivicApiException forStatus(Operation operation, String path, HttpResponse response, Instant now) {
        int status = response.status();
        Function<String, String> headers = response.headers()::firstOrNull;
        byte[] body = response.body();
        String method = operation.method().name();
        // Bodies of the token, PII and evidence endpoints may echo the secret or personal data.
        String excerpt = operation.sensitiveBody() ? "" : excerpt(body);
        String requestId = requestId(headers);
        if (status == 404) {
            switch (operation.missing()) {
                case PASS:
                    return new PassNotFoundException(status, method, path, excerpt, requestId);
                case PII_REQUEST:
                    return new PiiRequestNotFoundException(status, method, path, requestId);
                default:
                    return new ConfigurationException(status, method, path, path, requestId);
            }
        }
        if (status == 401 || status == 403) {
            return new AuthenticationException(status, method, path, excerpt, requestId);
        }
        if (status == 400 || status == 409 || status == 422) {
            return new InvalidRequestException(status, method, path, excerpt, requestId);
        }
        if (status == 429) {
            return new RateLimitedException(method, path, excerpt, requestId,
                    RetryAfter.parse(headers.apply("Retry-After"), now).orElse(null));
        }
        if (status >= 500 && status <= 599) {
            return new ServerException(status, method, path, excerpt, requestId);
        }
        return new CivicApiException(status, method, path, excerpt, requestId);
    }

    /**
     * The exception for a 2xx response whose body cannot be used.
     *
     * @param operation the operation
     * @param path      the request path
     * @param status    the HTTP status
     * @param headers   case-insensitive header lookup
     * @param body      the body
     * @param cause     the decoding failure
     * @return the exception; quotes the body only for operations whose body is not sensitive
     */
    static InvalidResponseException invalidResponse(Operation operation, String path, HttpResponse response,
                                                    Throwable cause) {
        int status = response.status();
        Function<String, String> headers = response.headers()::firstOrNull;
        byte[] body = response.body();
        String excerpt = operation.sensitiveBody()
                ? "unusable response body (" + (body == null ? 0 : body.length) + " bytes, withheld: may hold secrets or personal data)"
                : "unusable response body: " + excerpt(body);
        return new InvalidResponseException(status, operation.method().name(), path, excerpt, requestId(headers), cause);
    }

    /**
     * The exception for a request that failed below HTTP (connection, timeout, I/O), classified
     * by whether the request may have reached Civic. Our own exceptions pass through unchanged.
     *
     * @param operation the operation
     * @param path      the request path
     * @param failure   what the HTTP library threw
     * @return the exception to report
     */
    static CivicPassException transportFailure(HttpMethod method, String path, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof CivicPassException) {
            return (CivicPassException) cause;
        }
        if (cause instanceof TransportException) {
            return fromTransport((TransportException) cause, method, path);
        }
        return new CivicTransportException(classify(cause), method.name(), path, cause);
    }

    private static CivicTransportException fromTransport(TransportException reported, HttpMethod method, String path) {
        CivicTransportException.Kind kind;
        switch (reported.kind()) {
            case CONNECT:
                kind = CivicTransportException.Kind.CONNECT;
                break;
            case TIMEOUT:
                kind = CivicTransportException.Kind.TIMEOUT;
                break;
            default:
                kind = CivicTransportException.Kind.IO;
        }
        // The transport's own account of sending is trusted; a connect failure never sent anything.
        boolean sent = kind != CivicTransportException.Kind.CONNECT && reported.mayHaveBeenSent();
        return new CivicTransportException(kind, sent, method.name(), path, reported);
    }

    /**
     * Strips the wrappers concurrency utilities add ({@link CompletionException},
     * {@link ExecutionException}).
     *
     * @param failure a failure
     * @return the innermost meaningful cause
     */
    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * Whether the request may have reached Civic. A failure before the request could be written
     * (no connection, a failed TLS handshake, an HTTP client that refused to start the call) is
     * {@link CivicTransportException.Kind#CONNECT}, even when wrapped; anything else may have
     * been sent.
     */
    private static CivicTransportException.Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (isBeforeSending(t)) {
                return CivicTransportException.Kind.CONNECT;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof InterruptedIOException || t instanceof TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout") || message.contains("timed out")
                    || message.equals("timeout")) {
                return CivicTransportException.Kind.TIMEOUT;
            }
        }
        return CivicTransportException.Kind.IO;
    }

    private static boolean isBeforeSending(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        return t instanceof ConnectException || t instanceof UnknownHostException
                || t instanceof NoRouteToHostException || t instanceof PortUnreachableException
                || t instanceof SSLHandshakeException || t instanceof RejectedExecutionException
                || message.startsWith("connect timed out") || message.startsWith("failed to connect")
                || message.startsWith("connection refused");
    }

    /**
     * The first {@link #EXCERPT_LIMIT} characters of a body on one line, with anything that
     * looks like a token or secret redacted.
     *
     * @param body the body, or null
     * @return the excerpt, possibly empty
     */
    static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        int length = Math.min(body.length, EXCERPT_LIMIT * 4);
        String text = new String(body, 0, length, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        text = JWT.matcher(text).replaceAll("<redacted>");
        text = SECRET_FIELD.matcher(text).replaceAll("$1<redacted>");
        text = BEARER.matcher(text).replaceAll("$1<redacted>");
        return text.length() <= EXCERPT_LIMIT ? text : text.substring(0, EXCERPT_LIMIT) + "...";
    }

    /** The request id a response carries in one of the usual headers, or null. */
    static String requestId(HttpResponse response) {
        return requestId(response.headers()::firstOrNull);
    }

    private static String requestId(Function<String, String> headers) {
        for (String name : REQUEST_ID_HEADERS) {
            String value = headers.apply(name);
            if (value != null && !value.isBlank()) {
                return value.length() <= 128 ? value : value.substring(0, 128);
            }
        }
        return null;
    }
}
