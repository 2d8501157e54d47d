package io.civicpass.testkit;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A misbehaviour the fake shows for the next requests a {@link RequestMatcher} selects
 * ({@link FakeCivic#inject(Fault, RequestMatcher, int)}). Immutable: the {@code with...} and
 * timing methods return new faults.
 *
 * <h2>When a fault strikes: before or after the request is processed</h2>
 * Whether the fake acted on the request (created a pass, say) matters to a client's retry
 * rules, so each fault says it:
 * <ul>
 *   <li>{@link #status(int)}, {@link #htmlErrorPage(int)}, {@link #connectionReset()} and the
 *       latencies strike <em>before</em> processing by default: a status or error page means the
 *       request was not processed; a reset loses the request; a latency delays it, and the
 *       request is then processed normally (even if the client gave up meanwhile, as a real
 *       server would).</li>
 *   <li>{@link #malformedBody()}, {@link #truncatedBody()} and {@link #emptyBody()} strike
 *       <em>after</em> processing by default: the request took effect and its response is
 *       spoiled.</li>
 * </ul>
 * {@link #afterProcessing()} and {@link #beforeProcessing()} change that: for example
 * {@code Fault.connectionReset().afterProcessing()} creates the pass and then drops the
 * connection without a response ("processed, but the response was lost");
 * {@code Fault.status(503).afterProcessing()} processes the request and answers 503 anyway.
 * A body fault before processing answers HTTP 200 with a spoiled stand-in body without
 * processing the request.
 */
public final class Fault {

    /** The kinds of misbehaviour. */
    enum Kind { STATUS, LATENCY, RESET, MALFORMED, TRUNCATED, EMPTY, HTML }

    private final Kind kind;
    private final int status;
    private final String retryAfter;
    private final String body;
    private final Duration minDelay;
    private final Duration maxDelay;
    private final boolean afterProcessing;
    private final Map<String, String> headers;

    private Fault(Kind kind, int status, String retryAfter, String body, Duration minDelay, Duration maxDelay,
                  boolean afterProcessing) {
        this(kind, status, retryAfter, body, minDelay, maxDelay, afterProcessing, Map.of());
    }

    private Fault(Kind kind, int status, String retryAfter, String body, Duration minDelay, Duration maxDelay,
                  boolean afterProcessing, Map<String, String> headers) {
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
        this.body = body;
        this.minDelay = minDelay;
        this.maxDelay = maxDelay;
        this.afterProcessing = afterProcessing;
        this.headers = headers;
    }

    private static Fault of(Kind kind, int status, boolean afterProcessing) {
        return new Fault(kind, status, null, null, Duration.ZERO, Duration.ZERO, afterProcessing);
    }

    /**
     * Answers with an HTTP status (and a small JSON error body) instead of processing the request.
     *
     * @param code the status, 100 to 599
     * @return the fault
     */
    public static Fault status(int code) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("status must be between 100 and 599, was " + code);
        }
        return of(Kind.STATUS, code, false);
    }

    /**
     * Delays the request by a fixed time before it is processed normally.
     *
     * @param delay the delay, zero or more
     * @return the fault
     */
    public static Fault latency(Duration delay) {
        return randomLatency(delay, delay);
    }

    /**
     * Delays the request by a time drawn uniformly from a range, then processes it normally.
     *
     * @param min the shortest delay, zero or more
     * @param max the longest delay, at least {@code min}
     * @return the fault
     */
    public static Fault randomLatency(Duration min, Duration max) {
        Objects.requireNonNull(min, "min == null");
        Objects.requireNonNull(max, "max == null");
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("latency range must satisfy 0 <= min <= max, was " + min + " to " + max);
        }
        return new Fault(Kind.LATENCY, 0, null, null, min, max, false);
    }

    /**
     * Drops the connection without any response (the client sees the connection reset or closed).
     *
     * @return the fault
     */
    public static Fault connectionReset() {
        return of(Kind.RESET, 0, false);
    }

    /**
     * Answers the real status (200 if it was not 2xx) with a body that is not valid JSON.
     *
     * @return the fault
     */
    public static Fault malformedBody() {
        return of(Kind.MALFORMED, 0, true);
    }

    /**
     * Answers the real status (200 if it was not 2xx) with the real JSON body cut short; the
     * framing ({@code Content-Length}) matches the shortened body, so the client reads a complete
     * but unusable response.
     *
     * @return the fault
     */
    public static Fault truncatedBody() {
        return of(Kind.TRUNCATED, 0, true);
    }

    /**
     * Answers the real status (200 if it was not 2xx) with no body at all.
     *
     * @return the fault
     */
    public static Fault emptyBody() {
        return of(Kind.EMPTY, 0, true);
    }

    /**
     * Answers with an HTML error page, as a proxy in front of the API does (nginx's 502 page,
     * say), without processing the request.
     *
     * @param status the status, 100 to 599
     * @return the fault
     */
    public static Fault htmlErrorPage(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be between 100 and 599, was " + status);
        }
        return of(Kind.HTML, status, false);
    }

    /**
     * This status fault with a {@code Retry-After} header.
     *
     * @param value the header value: seconds, or an HTTP date
     * @return a new fault
     */
    public Fault withRetryAfter(String value) {
        requireKind(Kind.STATUS, "withRetryAfter");
        return new Fault(kind, status, Objects.requireNonNull(value, "value == null"), body, minDelay, maxDelay, afterProcessing,
                headers);
    }

    /**
     * This status fault with a body of your own (sent as {@code application/json}).
     *
     * @param value the body
     * @return a new fault
     */
    public Fault withBody(String value) {
        requireKind(Kind.STATUS, "withBody");
        return new Fault(kind, status, retryAfter, Objects.requireNonNull(value, "value == null"), minDelay, maxDelay,
                afterProcessing, headers);
    }

    /**
     * This status fault with one more response header, for example a {@code Location} to check
     * that a client does not follow redirects.
     *
     * @param name  the header name
     * @param value the header value
     * @return a new fault
     */
    public Fault withHeader(String name, String value) {
        requireKind(Kind.STATUS, "withHeader");
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(value, "value == null");
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Fault(kind, status, retryAfter, body, minDelay, maxDelay, afterProcessing,
                Collections.unmodifiableMap(copy));
    }

    /**
     * This fault striking after the request was processed: it took effect, then the response is
     * replaced, delayed or lost.
     *
     * @return a new fault
     */
    public Fault afterProcessing() {
        return new Fault(kind, status, retryAfter, body, minDelay, maxDelay, true, headers);
    }

    /**
     * This fault striking before the request is processed: for a status, page, reset or body
     * fault the request does not take effect; a latency delays the processing.
     *
     * @return a new fault
     */
    public Fault beforeProcessing() {
        return new Fault(kind, status, retryAfter, body, minDelay, maxDelay, false, headers);
    }

    /**
     * Whether the fault strikes after the request is processed.
     *
     * @return true when the request takes effect before the fault
     */
    public boolean isAfterProcessing() {
        return afterProcessing;
    }

    Kind kind() {
        return kind;
    }

    int statusCode() {
        return status;
    }

    String retryAfter() {
        return retryAfter;
    }

    String body() {
        return body;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** A delay for one request: fixed, or drawn from the range. */
    Duration drawDelay() {
        if (minDelay.equals(maxDelay)) {
            return minDelay;
        }
        long span = maxDelay.minus(minDelay).toNanos();
        return minDelay.plusNanos(ThreadLocalRandom.current().nextLong(span + 1));
    }

    private void requireKind(Kind wanted, String method) {
        if (kind != wanted) {
            throw new IllegalStateException(method + " applies to status faults only, not to " + this);
        }
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case STATUS -> "status " + status + (retryAfter == null ? "" : " Retry-After " + retryAfter);
            case LATENCY -> minDelay.equals(maxDelay) ? "latency " + minDelay : "latency " + minDelay + ".." + maxDelay;
            case RESET -> "connection reset";
            case MALFORMED -> "malformed body";
            case TRUNCATED -> "truncated body";
            case EMPTY -> "empty body";
            case HTML -> "HTML error page " + status;
        };
        return "Fault[" + what + (afterProcessing ? ", after processing" : ", before processing") + "]";
    }
}
