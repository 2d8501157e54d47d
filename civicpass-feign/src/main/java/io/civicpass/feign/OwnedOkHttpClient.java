package io.civicpass.feign;

import feign.Request;
import feign.Response;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.TransportException;
import io.civicpass.spi.TransportException.Kind;
import io.civicpass.spi.TransportSettings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.Authenticator;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.Timeout;

/**
 * The Feign transport's default HTTP client: an {@link OkHttpClient} the transport creates for
 * one connection and releases on {@link #close()} (chosen by measurement, see
 * {@code CLIENT-CHOICE.md}). For {@code n} = {@link TransportSettings#maxConnections()}:
 *
 * <ul>
 *   <li>a {@link ConnectionPool} keeping up to {@code n} idle connections for 5 minutes;</li>
 *   <li>a {@link Dispatcher} running at most {@code n} non-blocking calls per host and {@code 2n}
 *       in all (the token endpoint and the API may be two hosts), on daemon threads named
 *       {@value #THREAD_PREFIX}{@code <client>-<n>}, created on demand and ended after 60 s idle;
 *       further calls wait in its queue. Blocking calls run on the caller's thread;</li>
 *   <li>the settings' connect timeout; each call is bounded by its request's deadline
 *       ({@link HttpRequest#deadlineNanos()}, time queued in the dispatcher included) and by
 *       Feign's read timeout for it;</li>
 *   <li>no retries, redirects, authenticator or cache of OkHttp's own (core decides all of
 *       those), and request bodies sent at most once;</li>
 *   <li>the settings' proxy and TLS trust and client certificate, if any (see {@link ProxyAndTls}).</li>
 * </ul>
 *
 * <p>Each request carries a {@link SendState}: the last network interceptor marks it written
 * just before OkHttp writes, after a connection was obtained. A failure before that is reported
 * as not sent ({@code CONNECT}, or {@code TIMEOUT} when the deadline passed first), one after it
 * as possibly sent. Closing cancels the calls in flight, shuts the dispatcher's threads down and
 * evicts the pooled connections, at once, without waiting for garbage collection.
 */
final class OwnedOkHttpClient {

    /** The prefix of the names of the dispatcher threads of a client created here. */
    static final String THREAD_PREFIX = "civicpass-feign-okhttp-";

    /** How long an idle connection is kept: OkHttp's default. */
    private static final Duration KEEP_ALIVE = Duration.ofMinutes(5);

    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static final byte[] NO_BYTES = new byte[0];

    private final OkHttpClient client;

    private OwnedOkHttpClient(OkHttpClient client) {
        this.client = client;
    }

    /**
     * A client for one connection.
     *
     * @param settings       the pool size and request timeout
     * @param connectTimeout the connect timeout (the settings', or the builder's override)
     * @return the client
     */
    static OwnedOkHttpClient create(TransportSettings settings, Duration connectTimeout) {
        int id = CLIENTS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, THREAD_PREFIX + id + "-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        int perHost = settings.maxConnections();
        Dispatcher dispatcher = new Dispatcher(executor);
        dispatcher.setMaxRequestsPerHost(perHost);
        dispatcher.setMaxRequests((int) Math.min(Integer.MAX_VALUE, 2L * perHost));
        long exchange = millis(settings.requestTimeout());
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(perHost, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
                .connectTimeout(millis(connectTimeout), TimeUnit.MILLISECONDS)
                // Each call's own timeout and deadline bound it; these only stop one socket read or write
                // from outlasting the longest exchange.
                .callTimeout(exchange, TimeUnit.MILLISECONDS)
                .readTimeout(exchange, TimeUnit.MILLISECONDS)
                .writeTimeout(exchange, TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .authenticator(Authenticator.NONE)
                .cache(null)
                .addInterceptor(OwnedOkHttpClient::refuseIfExpired)
                .addNetworkInterceptor(new NoSilentRetryInterceptor());
        settings.proxy().ifPresent(proxy -> ProxyAndTls.applyProxy(builder, proxy));
        settings.tls().ifPresent(tls -> ProxyAndTls.applyTls(builder, tls));
        builder.addNetworkInterceptor(OwnedOkHttpClient::markWritten); // last: right before the request is written
        return new OwnedOkHttpClient(builder.build());
    }

    /**
     * Sends a request on the calling thread and reads the whole response.
     *
     * @param request  the request as Feign built it, credential attached
     * @param options  Feign's options for it (its read timeout bounds the whole call)
     * @param original the request as core built it, for its deadline; null for none
     * @param state    where its sending stands
     * @return the response, its body read
     * @throws TransportException when no complete response arrived
     */
    Response execute(Request request, Request.Options options, HttpRequest original, SendState state) {
        Call call = newCall(request, options, original, state, false);
        try (okhttp3.Response response = call.execute()) {
            return toFeign(request, response, state);
        } catch (IOException failed) {
            throw failure(call, failed, state);
        }
    }

    /**
     * Starts a request on the dispatcher. The future completes on a dispatcher thread with the
     * whole response or a {@link TransportException}; cancelling it cancels the call. The caller
     * ends the call at its deadline ({@link FeignAsyncExchange}'s timer abandons it); OkHttp's
     * call timeout is armed only for a read timeout shorter than that.
     *
     * @param request  the request as Feign built it, credential attached
     * @param options  Feign's options for it
     * @param original the request as core built it; null for none
     * @param state    where its sending stands, shared with the exchange that may abandon it
     * @return the response to come
     */
    CompletableFuture<Response> executeAsync(Request request, Request.Options options, HttpRequest original,
                                             SendState state) {
        Call call;
        try {
            call = newCall(request, options, original, state, true);
        } catch (TransportException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        CompletableFuture<Response> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                if (cancelled) {
                    state.abandon(); // cancels the call
                }
                return cancelled;
            }
        };
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call failedCall, IOException failed) {
                result.completeExceptionally(failure(failedCall, failed, state));
            }

            @Override
            public void onResponse(Call answered, okhttp3.Response response) {
                try (response) {
                    result.complete(toFeign(request, response, state));
                } catch (IOException unreadable) {
                    result.completeExceptionally(failure(answered, unreadable, state));
                } catch (RuntimeException unusable) {
                    result.completeExceptionally(unusable);
                }
            }
        });
        return result;
    }

    /**
     * Cancels the calls in flight, shuts the dispatcher's threads down and closes the pooled
     * connections. Idempotent.
     */
    void close() {
        client.dispatcher().cancelAll();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** The OkHttp client (for tests in this package). */
    OkHttpClient okHttpClient() {
        return client;
    }

    /**
     * @param ownTimer whether the caller's own timer ends the call at its deadline, queue included
     *                 (the non-blocking exchange's does): OkHttp's call timeout is then armed only
     *                 when Feign's read timeout is shorter than the deadline, since each one OkHttp
     *                 arms walks and locks its JVM-wide list of timeouts
     */
    private Call newCall(Request request, Request.Options options, HttpRequest original, SendState state,
                         boolean ownTimer) {
        if (original != null && original.expired()) {
            throw TransportException.notSent(Kind.TIMEOUT, "the deadline passed before the request was sent", null);
        }
        okhttp3.Request.Builder builder = new okhttp3.Request.Builder()
                .url(checkedUrl(request.url()))
                .headers(headers(request.headers()))
                .tag(SendState.class, state);
        if (original != null) {
            builder.tag(HttpRequest.class, original);
        }
        try {
            builder.method(request.httpMethod().name(), body(request));
        } catch (IllegalArgumentException refused) {
            // OkHttp refuses a body on GET and its absence on POST, PUT and PATCH; its message names the method only.
            throw notSendable("OkHttp cannot send this request: " + refused.getMessage());
        }
        Call call = client.newCall(builder.build());
        state.attach(call);
        Timeout timeout = call.timeout();
        long readNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, options.readTimeoutMillis()));
        if (ownTimer && original != null && readNanos >= original.remaining().toNanos()) {
            timeout.timeout(0, TimeUnit.NANOSECONDS).clearDeadline();
            return call;
        }
        timeout.timeout(readNanos, TimeUnit.NANOSECONDS);
        if (original != null) {
            // OkHttp starts a call's timeout only when the dispatcher runs it; the deadline counts
            // from when core built the request, so time queued in the dispatcher is included.
            timeout.deadlineNanoTime(original.deadlineNanos());
        }
        return call;
    }

    /** The first application interceptor: a call whose deadline passed while it was queued is not started. */
    private static okhttp3.Response refuseIfExpired(Interceptor.Chain chain) throws IOException {
        HttpRequest original = chain.request().tag(HttpRequest.class);
        if (original != null && original.expired()) {
            throw new DeadlinePassed("the deadline passed while the call was queued");
        }
        return chain.proceed(chain.request());
    }

    /**
     * The last network interceptor, run once a connection is obtained and before anything is
     * written: refuses a request whose deadline passed (while connecting, say) or that its
     * exchange abandoned, and otherwise marks it as possibly written from here on.
     */
    private static okhttp3.Response markWritten(Interceptor.Chain chain) throws IOException {
        HttpRequest original = chain.request().tag(HttpRequest.class);
        if (original != null && original.expired()) {
            throw new DeadlinePassed("the deadline passed before the request was written");
        }
        SendState state = chain.request().tag(SendState.class);
        if (state != null && !state.markWritten()) {
            throw new DeadlinePassed("the exchange was abandoned before the request was written");
        }
        return chain.proceed(chain.request());
    }

    /**
     * What a failed call means to core: before the request was handed to the connection nothing
     * was sent (no connection, a deadline passed in the queue or while connecting, a cancelled
     * call); after, it may have been. Messages name failure types only, never a URL or header.
     */
    static TransportException failure(Call call, IOException failed, SendState state) {
        for (Throwable t = failed; t != null; t = t.getCause()) {
            if (t instanceof DeadlinePassed) {
                return TransportException.notSent(Kind.TIMEOUT, t.getMessage(), failed);
            }
        }
        boolean callTimeout = failed instanceof InterruptedIOException && "timeout".equals(failed.getMessage());
        boolean interrupted = failed instanceof InterruptedIOException && "interrupted".equals(failed.getMessage());
        if (!state.mayHaveBeenWritten()) {
            if (callTimeout) {
                return TransportException.notSent(Kind.TIMEOUT, "the deadline passed before the request was written",
                        failed);
            }
            if (interrupted) {
                return new TransportException(Kind.IO, false, "interrupted before the request was written", failed);
            }
            if (call.isCanceled()) {
                return new TransportException(Kind.IO, false, "the call was cancelled before the request was written",
                        failed);
            }
            return TransportException.notSent(Kind.CONNECT, connectMessage(failed), failed);
        }
        if (callTimeout || failed instanceof SocketTimeoutException) {
            return TransportException.maybeSent(Kind.TIMEOUT, "no complete response by the deadline", failed);
        }
        if (interrupted) {
            return TransportException.maybeSent(Kind.IO, "interrupted while waiting for the response", failed);
        }
        if (call.isCanceled()) {
            return TransportException.maybeSent(Kind.IO, "the call was cancelled after the request was written", failed);
        }
        return TransportException.maybeSent(Kind.IO,
                "the connection failed after the request was written (" + failed.getClass().getSimpleName() + ")", failed);
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
                return "no connection (connect timeout)";
            }
            if (t instanceof RejectedExecutionException) {
                return "the call was not started: the client is closed";
            }
            if (t instanceof ConnectException) {
                return "no connection (refused or unreachable)";
            }
        }
        return "no connection (" + failed.getClass().getSimpleName() + ")";
    }

    /** The response with its body read, and the {@code Retry-After} values as the server sent them. */
    private static Response toFeign(Request request, okhttp3.Response response, SendState state) throws IOException {
        Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Headers fields = response.headers();
        for (int i = 0; i < fields.size(); i++) {
            headers.computeIfAbsent(fields.name(i), name -> new ArrayList<>()).add(fields.value(i));
        }
        if (state.sentRetryAfter() != null) {
            headers.put("Retry-After", new ArrayList<>(state.sentRetryAfter()));
        }
        ResponseBody content = response.body();
        byte[] body = content == null ? NO_BYTES : content.bytes();
        return Response.builder()
                .request(request)
                .protocolVersion(response.protocol() == Protocol.HTTP_2 || response.protocol() == Protocol.H2_PRIOR_KNOWLEDGE
                        ? Request.ProtocolVersion.HTTP_2
                        : response.protocol() == Protocol.HTTP_1_0 ? Request.ProtocolVersion.HTTP_1_0
                        : Request.ProtocolVersion.HTTP_1_1)
                .status(response.code())
                .reason(response.message())
                .headers(headers)
                .body(body)
                .build();
    }

    /**
     * The URL as OkHttp will send it. OkHttp resolves dot segments, percent-encoded ones such as
     * {@code %2E} included, so a URL whose path it would rewrite is refused rather than sent to
     * another resource.
     */
    private static HttpUrl checkedUrl(String text) {
        HttpUrl url = HttpUrl.parse(text);
        if (url == null) {
            throw notSendable("OkHttp sends only http and https URLs");
        }
        String rawPath;
        try {
            rawPath = URI.create(text).getRawPath();
        } catch (IllegalArgumentException malformed) {
            throw notSendable("the request's URL is not a valid URI");
        }
        if (!url.encodedPath().equals(rawPath == null || rawPath.isEmpty() ? "/" : rawPath)) {
            throw notSendable("OkHttp would rewrite the request's path (a dot segment), so it is not sent");
        }
        return url;
    }

    /** The fields as they are, but the length OkHttp computes itself; its checks' messages are not passed on. */
    private static Headers headers(Map<String, Collection<String>> fields) {
        Headers.Builder builder = new Headers.Builder();
        fields.forEach((name, values) -> {
            if ("Content-Length".equalsIgnoreCase(name)) {
                return;
            }
            for (String value : values) {
                try {
                    builder.add(name, value);
                } catch (IllegalArgumentException notAscii) {
                    throw notSendable("OkHttp cannot send the header " + name
                            + ": its name or value has a character outside printable ASCII");
                }
            }
        });
        return builder.build();
    }

    /**
     * The body, an empty one where OkHttp needs a body and Feign gave none, or none. One-shot, so
     * OkHttp never replays it; its content type is left to the request's own header.
     */
    private static RequestBody body(Request request) {
        byte[] bytes = request.body();
        String method = request.httpMethod().name();
        if (bytes == null) {
            if (!(method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
                return null;
            }
            bytes = NO_BYTES;
        }
        byte[] content = bytes;
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return null;
            }

            @Override
            public long contentLength() {
                return content.length;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(content);
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

    private static long millis(Duration duration) {
        if (duration.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) >= 0) {
            return Integer.MAX_VALUE;
        }
        return Math.max(1, duration.toMillis());
    }

    /** A deadline found passed before the request was written: nothing was sent. */
    private static final class DeadlinePassed extends IOException {
        private static final long serialVersionUID = 1L;

        DeadlinePassed(String message) {
            super(message);
        }
    }
}
