package io.civicpass.feign;

import feign.AsyncClient;
import feign.Client;
import feign.Request;
import feign.Response;
import io.civicpass.spi.TransportException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client a user might hand over (the Feign transport's default until it moved to OkHttp, kept
 * for the hand-over tests): Feign's {@link Client} and {@link AsyncClient} over the JDK's
 * {@link HttpClient}, each response received whole as bytes, so the asynchronous face never
 * blocks a thread (the asynchronous method of {@code feign.http2client.Http2Client} hands back
 * the body as an {@code InputStream}, whose reads would block the completing thread). Feign's
 * read timeout bounds the whole exchange, to the last byte of the body; the JDK's own request
 * timeout stops counting once the response headers are in.
 *
 * <p>It also stops the one retry the JDK client makes on its own: when a connection closes
 * before any byte of the response arrives, the JDK sends a {@code GET} again, on a new
 * connection, and nothing can switch that off per client. Every request here carries a body
 * publisher that the JDK asks for the content length once per attempt; the second ask fails the
 * repeated attempt before anything is sent, and the library's retry policy decides instead.
 */
final class JdkHttpClient implements Client, AsyncClient<Object> {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED_HEADERS;

    static {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(Set.of("connection", "content-length", "expect", "host", "upgrade"));
        RESTRICTED_HEADERS = names;
    }

    /** Null once closed. */
    private volatile HttpClient client;
    /** The asynchronous exchanges in flight, abandoned on close. */
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * Wraps a JDK client someone else owns; {@link #close()} leaves it open.
     *
     * @param client the client
     */
    JdkHttpClient(HttpClient client) {
        this.client = client;
    }

    /** Abandons the exchanges in flight and drops the client (which stays open). Idempotent. */
    void close() {
        HttpClient http = client;
        client = null;
        if (http == null) {
            return;
        }
        for (CompletableFuture<?> exchange : inFlight) {
            exchange.cancel(true);
        }
    }

    private HttpClient client() {
        HttpClient http = client;
        if (http == null) {
            throw TransportException.notSent(TransportException.Kind.CONNECT, "the HTTP client is closed", null);
        }
        return http;
    }

    /**
     * Sends on the calling thread with {@link HttpClient#send}. The JDK's {@code sendAsync} hands
     * every response to another thread ({@code CompletableFuture}'s default executor, which on a
     * machine with fewer than three cores starts a new thread for each task); waiting here for
     * that hand-off would make each blocking call pay for the hop and a thread start.
     */
    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(options.readTimeoutMillis());
        long deadline = System.nanoTime() + timeoutNanos;
        HttpResponse<byte[]> response;
        try {
            HttpRequest httpRequest = toHttpRequest(request, options);
            response = client().send(httpRequest, info -> new BoundedBody(deadline - System.nanoTime()));
        } catch (InterruptedException interrupted) {
            // send has abandoned the exchange already
            Thread.currentThread().interrupt();
            InterruptedIOException failure = new InterruptedIOException("interrupted while waiting for the response");
            failure.initCause(interrupted);
            throw failure;
        } catch (TransportException refused) {
            throw refused;
        } catch (RuntimeException failed) {
            throw asIOException(failed);
        }
        try {
            return toFeignResponse(request, response);
        } catch (RuntimeException unusable) {
            throw asIOException(unusable);
        }
    }

    @Override
    public CompletableFuture<Response> execute(Request request, Request.Options options, Optional<Object> context) {
        HttpRequest httpRequest;
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            httpRequest = toHttpRequest(request, options);
            sent = client().sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        inFlight.add(sent);
        sent.whenComplete((response, failure) -> inFlight.remove(sent));
        CompletableFuture<Response> exchange = new CompletableFuture<>();
        sent.whenComplete((response, failure) -> {
            if (failure != null) {
                exchange.completeExceptionally(failure);
                return;
            }
            try {
                exchange.complete(toFeignResponse(request, response));
            } catch (RuntimeException unusable) {
                exchange.completeExceptionally(unusable);
            }
        });
        // The JDK's own timeout stops at the response headers; the exchange's bound runs to the last byte.
        exchange.orTimeout(options.readTimeoutMillis(), TimeUnit.MILLISECONDS);
        // Timed out, or abandoned by the caller: abandon the HTTP exchange too.
        exchange.whenComplete((response, failure) -> {
            if (failure != null) {
                sent.cancel(true);
            }
        });
        return exchange;
    }

    private static IOException asIOException(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof IOException) {
            return (IOException) cause;
        }
        if (cause instanceof TimeoutException) {
            HttpTimeoutException timedOut = new HttpTimeoutException("no complete response within the request timeout");
            timedOut.initCause(cause);
            return timedOut;
        }
        if (cause instanceof UncheckedIOException) {
            return ((UncheckedIOException) cause).getCause();
        }
        return new IOException("the request failed", cause);
    }

    private static HttpRequest toHttpRequest(Request request, Request.Options options) {
        byte[] body = request.body();
        URI uri = URI.create(request.url());
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMillis(options.readTimeoutMillis()))
                .method(request.httpMethod().name(), new SingleAttemptPublisher(body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body)));
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance in clear text
        }
        request.headers().forEach((name, values) -> {
            if (!RESTRICTED_HEADERS.contains(name)) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }

    private static Response toFeignResponse(Request request, HttpResponse<byte[]> response) {
        Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().map().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        return Response.builder()
                .request(request)
                .protocolVersion(response.version() == HttpClient.Version.HTTP_2
                        ? Request.ProtocolVersion.HTTP_2 : Request.ProtocolVersion.HTTP_1_1)
                .status(response.statusCode())
                .headers(headers)
                .body(response.body())
                .build();
    }

    /**
     * The body of a blocking exchange, received whole as bytes within what is left of the
     * exchange's time bound once the headers are in (the JDK's request timeout covers the time
     * up to them). Past the bound it stops reading, which closes the connection, and fails the
     * exchange with an {@link HttpTimeoutException}.
     */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();

        BoundedBody(long remainingNanos) {
            CompletableFuture<byte[]> received = bytes.getBody().toCompletableFuture()
                    .orTimeout(Math.max(remainingNanos, 0), TimeUnit.NANOSECONDS);
            received.whenComplete((body, failure) -> {
                if (failure == null) {
                    result.complete(body);
                } else if (failure instanceof TimeoutException) {
                    HttpTimeoutException timedOut = new HttpTimeoutException("no complete response within the request timeout");
                    timedOut.initCause(failure);
                    // Failed first, so the exchange ends with the timeout rather than the closed connection.
                    result.completeExceptionally(timedOut);
                    subscription.thenAccept(Flow.Subscription::cancel);
                } else {
                    result.completeExceptionally(failure);
                }
            });
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription value) {
            subscription.complete(value);
            bytes.onSubscribe(value);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            bytes.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            bytes.onError(throwable);
        }

        @Override
        public void onComplete() {
            bytes.onComplete();
        }
    }

    /**
     * A body publisher good for one attempt. The JDK reads the content length once as it writes
     * each attempt's request line and headers; a second read means it is about to repeat the
     * request, and failing it there fails the repeat before a byte is sent. (A refused
     * connection is repeated unhindered: that first attempt sent nothing and never got this far.)
     */
    private static final class SingleAttemptPublisher implements HttpRequest.BodyPublisher {

        private final HttpRequest.BodyPublisher body;
        private final AtomicBoolean attempted = new AtomicBoolean();

        SingleAttemptPublisher(HttpRequest.BodyPublisher body) {
            this.body = body;
        }

        @Override
        public long contentLength() {
            if (!attempted.compareAndSet(false, true)) {
                throw new UncheckedIOException(new IOException(
                        "the connection closed before any response arrived; the request is not repeated"));
            }
            return body.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            body.subscribe(subscriber);
        }
    }
}
