package io.civicpass.feign;

import feign.Request;
import feign.Response;
import io.civicpass.okhttp.OkHttpClients;
import io.civicpass.okhttp.OkHttpFailures;
import io.civicpass.okhttp.OkHttpRequests;
import io.civicpass.okhttp.ProxyAndTls;
import io.civicpass.okhttp.SendState;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.TransportException;
import io.civicpass.spi.TransportException.Kind;
import io.civicpass.spi.TransportSettings;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
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
 * as possibly sent ({@link OkHttpFailures}). Closing cancels the calls in flight, shuts the
 * dispatcher's threads down and evicts the pooled connections, at once, without waiting for
 * garbage collection. The client's set-up, its interceptors and the classifier of failures are
 * civicpass-okhttp's ({@link OkHttpClients}), shared with the Retrofit transport; what is here
 * turns Feign's requests and responses into OkHttp's and back.
 */
final class OwnedOkHttpClient {

    /** The prefix of the names of the dispatcher threads of a client created here. */
    static final String THREAD_PREFIX = "civicpass-feign-okhttp-";

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
        OkHttpClient.Builder builder = OkHttpClients.ownedBuilder(THREAD_PREFIX, settings.maxConnections());
        // Each call's own timeout and deadline bound it; these only stop one socket read or write
        // from outlasting the longest exchange.
        OkHttpClients.applyTimeouts(builder, connectTimeout, settings.requestTimeout());
        settings.proxy().ifPresent(proxy -> ProxyAndTls.applyProxy(builder, proxy));
        settings.tls().ifPresent(tls -> ProxyAndTls.applyTls(builder, tls));
        return new OwnedOkHttpClient(OkHttpClients.forceSafety(builder).build());
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
            throw OkHttpFailures.classifyBlocking(failed, state, call.isCanceled());
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
                result.completeExceptionally(OkHttpFailures.classify(failed, state, failedCall.isCanceled()));
            }

            @Override
            public void onResponse(Call answered, okhttp3.Response response) {
                try (response) {
                    result.complete(toFeign(request, response, state));
                } catch (IOException unreadable) {
                    result.completeExceptionally(OkHttpFailures.classify(unreadable, state, answered.isCanceled()));
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
        OkHttpClients.close(client);
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
                .headers(OkHttpRequests.headers(request.headers()))
                .tag(SendState.class, state);
        try {
            builder.url(checkedUrl(request.url()));
        } catch (IllegalArgumentException unusable) {
            throw OkHttpRequests.notSendable("OkHttp sends only http and https URLs with a valid host");
        }
        if (original != null) {
            builder.tag(HttpRequest.class, original);
        }
        try {
            builder.method(request.httpMethod().name(), body(request));
        } catch (IllegalArgumentException refused) {
            // OkHttp refuses a body on GET and its absence on POST, PUT and PATCH; its message names the method only.
            throw OkHttpRequests.notSendable("OkHttp cannot send this request: " + refused.getMessage());
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

    /** The URL as OkHttp will send it; one whose path OkHttp would rewrite is refused (see {@link OkHttpRequests}). */
    private static String checkedUrl(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException malformed) {
            throw OkHttpRequests.notSendable("the request's URL is not a valid URI");
        }
        return OkHttpRequests.checkedUrl(uri);
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
        return OkHttpRequests.oneShotBody(bytes, null);
    }
}
