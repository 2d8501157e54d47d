package io.civicpass.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.okhttp.testing.FailingServer;
import io.civicpass.okhttp.testing.FailingServer.Behaviour;
import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.TransportException;
import io.civicpass.spi.TransportException.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins each answer of {@link OkHttpFailures} with a real OkHttp call, set up as the transports set
 * up theirs ({@link OkHttpClients}), against a server on 127.0.0.1 that fails in one way: "not
 * sent" exactly where nothing of the request left the socket, "may have been sent" everywhere
 * else. Each failure is taken from {@code Call.execute()} and from {@code Call.enqueue}.
 */
class OkHttpFailuresTest {

    /** How a call is run. */
    enum Face { BLOCKING, ASYNC }

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private FailingServer server;
    private OkHttpClient client;

    @AfterEach
    void closeAll() {
        if (client != null) {
            OkHttpClients.close(client);
        }
        if (server != null) {
            server.close();
        }
    }

    // ------------------------------------------------------------------ nothing left the socket

    @ParameterizedTest
    @EnumSource(Face.class)
    void aRefusedConnectIsNotSent(Face face) throws Exception {
        client = guarded(builder());
        Throwable failure = failureOf(face, get("http://127.0.0.1:" + FailingServer.refusedPort() + "/pass"));
        assertNotSent(failure, Kind.CONNECT, "refused or unreachable");
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void anUnknownHostIsNotSent(Face face) throws Exception {
        client = guarded(builder().dns(host -> {
            throw new UnknownHostException("no such host in this test");
        }));
        Throwable failure = failureOf(face, get("http://civic.invalid/pass"));
        assertNotSent(failure, Kind.CONNECT, "unknown host");
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aConnectTimeoutIsNotSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.BACKLOG_FULL);
        client = guarded(builder().connectTimeout(SHORT));
        Throwable failure = failureOf(face, get(server.url("http") + "/pass"));
        assertNotSent(failure, Kind.CONNECT, "timed out connecting");
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aFailedTlsHandshakeIsNotSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.ANSWERS_PLAIN_TEXT);
        client = guarded(builder());
        Throwable failure = failureOf(face, get(server.url("https") + "/pass"));
        assertNotSent(failure, Kind.CONNECT, "no connection");
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aCallTimeoutDuringTheTlsHandshakeIsNotSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.SILENT);
        client = guarded(builder().callTimeout(SHORT));
        Throwable failure = failureOf(face, get(server.url("https") + "/pass"));
        assertNotSent(failure, Kind.TIMEOUT, "before the request was written");
        assertThat(server.awaitBytes(WAIT)).as("a ClientHello reached the server").isTrue();
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aCallCancelledBeforeItStartsIsNotSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.ANSWERS_200);
        client = guarded(builder());
        Request request = get(server.url("http") + "/pass");
        Call call = client.newCall(request);
        call.cancel();
        Throwable failure = failureOf(face, call, request);
        assertNotSent(failure, Kind.IO, "cancelled before the request was written");
        assertThat(server.requests()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aCallCancelledDuringTheTlsHandshakeIsNotSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.SILENT);
        client = guarded(builder());
        Request request = get(server.url("https") + "/pass");
        Call call = client.newCall(request);
        CompletableFuture<Throwable> failure = runInBackground(face, call, request);
        assertThat(server.awaitBytes(WAIT)).isTrue();
        call.cancel();
        assertNotSent(failure.get(WAIT.toMillis(), TimeUnit.MILLISECONDS), Kind.IO,
                "cancelled before the request was written");
    }

    @Test
    void aCallTheClosedDispatcherRefusesIsNotSent() throws Exception {
        server = FailingServer.start(Behaviour.ANSWERS_200);
        client = guarded(builder());
        client.dispatcher().executorService().shutdown();
        Throwable failure = failureOf(Face.ASYNC, get(server.url("http") + "/pass"));
        assertNotSent(failure, Kind.CONNECT, "the client is closed");
        assertThat(server.requests()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aRequestAbandonedBeforeItWasWrittenIsNeverWrittenAndNotSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.ANSWERS_200);
        client = guarded(builder());
        Request request = get(server.url("http") + "/pass");
        assertThat(request.tag(SendState.class).stopWriting()).isFalse();
        Throwable failure = failureOf(face, request);
        assertNotSent(failure, Kind.TIMEOUT, "abandoned before the request was written");
        assertThat(server.requests()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aRequestWhoseDeadlinePassedBeforeItStartedIsNotSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.ANSWERS_200);
        client = guarded(builder());
        Request request = get(server.url("http") + "/pass", Duration.ofNanos(1));
        Throwable failure = failureOf(face, request);
        assertNotSent(failure, Kind.TIMEOUT, "while the call was queued");
        assertThat(server.requests()).isZero();
    }

    @Test
    void aThreadInterruptedWhileOpeningAProxyTunnelIsNotSent() throws Exception {
        server = FailingServer.start(Behaviour.SILENT); // the proxy: it never answers the CONNECT
        client = guarded(builder()
                .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", server.port())))
                .addInterceptor(chain -> {
                    Thread.currentThread().interrupt(); // Okio gives up at the tunnel's first write
                    return chain.proceed(chain.request());
                }));
        try {
            Throwable failure = failureOf(Face.BLOCKING, get("https://civic.example/pass"));
            assertNotSent(failure, Kind.IO, "interrupted before the request was written");
        } finally {
            Thread.interrupted();
        }
    }

    // ------------------------------------------------------------------ the request may have left

    @ParameterizedTest
    @EnumSource(Face.class)
    void aConnectionClosedAfterTheRequestMayHaveBeenSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.CLOSES_AFTER_REQUEST);
        client = guarded(builder());
        Throwable failure = failureOf(face, post(server.url("http") + "/pass"));
        assertMaybeSent(failure, Kind.IO, "after the request was written");
        assertThat(server.requests()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aCallTimeoutAfterTheRequestMayHaveBeenSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.SILENT);
        client = guarded(builder().callTimeout(SHORT));
        Throwable failure = failureOf(face, post(server.url("http") + "/pass"));
        assertMaybeSent(failure, Kind.TIMEOUT, "no complete response by the deadline");
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aReadTimeoutAfterTheRequestMayHaveBeenSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.SILENT);
        client = guarded(builder().callTimeout(Duration.ZERO).readTimeout(SHORT));
        Throwable failure = failureOf(face, post(server.url("http") + "/pass"));
        assertMaybeSent(failure, Kind.TIMEOUT, "no complete response by the deadline");
        assertThat(failure.getCause()).isInstanceOf(java.net.SocketTimeoutException.class);
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aCallCancelledAfterTheRequestWasWrittenMayHaveBeenSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.SILENT);
        client = guarded(builder());
        Request request = post(server.url("http") + "/pass");
        Call call = client.newCall(request);
        CompletableFuture<Throwable> failure = runInBackground(face, call, request);
        assertThat(server.awaitBytes(WAIT)).isTrue();
        call.cancel();
        assertMaybeSent(failure.get(WAIT.toMillis(), TimeUnit.MILLISECONDS), Kind.IO, "cancelled after");
    }

    @Test
    void aThreadInterruptedOnceTheRequestWasHandedToTheConnectionMayHaveBeenSent() throws Exception {
        server = FailingServer.start(Behaviour.ANSWERS_200);
        client = guarded(builder().addInterceptor(chain -> {
            Thread.currentThread().interrupt(); // Okio gives up at the request's first write
            return chain.proceed(chain.request());
        }));
        try {
            Throwable failure = failureOf(Face.BLOCKING, post(server.url("http") + "/pass"));
            assertMaybeSent(failure, Kind.IO, "interrupted during the exchange");
        } finally {
            Thread.interrupted();
        }
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aDeadlineFoundPassedWhenAnInterceptorProceedsAgainMayHaveBeenSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.ANSWERS_200);
        client = guarded(builder().addInterceptor(chain -> {
            chain.proceed(chain.request()).close(); // written and answered
            HttpRequest original = chain.request().tag(HttpRequest.class);
            while (!original.expired()) {
                Thread.onSpinWait();
            }
            return chain.proceed(chain.request()); // refused by the write guard: deadline passed
        }));
        Throwable failure = failureOf(face, get(server.url("http") + "/pass", SHORT));
        assertMaybeSent(failure, Kind.TIMEOUT, "after the request may have been written");
        assertThat(server.requests()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aConnectFailureWhenAnInterceptorProceedsAgainMayHaveBeenSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.ANSWERS_200);
        int refused = FailingServer.refusedPort();
        client = guarded(builder().addInterceptor(chain -> {
            chain.proceed(chain.request()).close(); // written and answered
            return chain.proceed(chain.request().newBuilder()
                    .url(chain.request().url().newBuilder().port(refused).build()).build());
        }));
        Throwable failure = failureOf(face, get(server.url("http") + "/pass"));
        assertMaybeSent(failure, Kind.IO, "a connection failed after the request may have been written");
        assertThat(failure.getCause()).isInstanceOf(java.net.ConnectException.class);
        assertThat(server.requests()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ not OkHttp's own failures

    @Test
    void anInterceptorsRuntimeExceptionOnTheDispatcherIsPassedOnAsItIs() throws Exception {
        server = FailingServer.start(Behaviour.ANSWERS_200);
        IllegalStateException refusal = new IllegalStateException("an application interceptor refused");
        ExecutorService threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "okhttp-failures-test-dispatcher");
            thread.setDaemon(true);
            // OkHttp rethrows the interceptor's exception on its thread once it has reported it.
            thread.setUncaughtExceptionHandler((failed, error) -> {
                if (error != refusal) {
                    failed.getThreadGroup().uncaughtException(failed, error);
                }
            });
            return thread;
        });
        client = guarded(builder().dispatcher(new Dispatcher(threads)).addInterceptor(chain -> {
            throw refusal;
        }));
        Request request = get(server.url("http") + "/pass");
        Throwable failure = failureOf(Face.ASYNC, request);
        assertThat(failure).isSameAs(refusal); // OkHttp reported IOException("canceled due to ...")
        // The blocking face sees the same exception, thrown by execute() itself.
        assertThatThrownBy(() -> client.newCall(get(server.url("http") + "/pass")).execute()).isSameAs(refusal);
        assertThat(server.requests()).isZero();
    }

    @Test
    void aFailureThatIsNoIOExceptionIsPassedOnAsItIs() {
        IllegalArgumentException unusable = new IllegalArgumentException("not OkHttp's");
        assertThat(OkHttpFailures.classify(unusable, new SendState(), false)).isSameAs(unusable);
    }

    // ------------------------------------------------------------------ the exchange's own timer

    @Test
    void anExchangesDeadlineBeforeTheRequestWasWrittenStopsItFromBeingWrittenAndIsNotSent() {
        SendState state = new SendState();
        TransportException failure = OkHttpFailures.deadlineReached(state, null);
        assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(failure.mayHaveBeenSent()).isFalse();
        assertThat(state.markWritten()).as("the write guard refuses it afterwards").isFalse();
    }

    @Test
    void anExchangesDeadlineAfterTheRequestWasWrittenMayHaveBeenSent() {
        SendState state = new SendState();
        assertThat(state.markWritten()).isTrue();
        TransportException failure = OkHttpFailures.deadlineReached(state, null);
        assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(failure.mayHaveBeenSent()).isTrue();
    }

    // ------------------------------------------------------------------ no silent repeat

    @Test
    void a503WithRetryAfterZeroIsSentOnceAndTheServersValueIsKept() throws Exception {
        server = FailingServer.start(Behaviour.ANSWERS_503_RETRY_AFTER_ZERO);
        Instant now = Instant.parse("2026-12-08T10:15:30Z");
        client = OkHttpClients.forceSafety(builder(), Clock.fixed(now, ZoneOffset.UTC)).build();
        Request request = get(server.url("http") + "/pass");
        try (Response response = client.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("Tue, 8 Dec 2026 10:15:30 GMT");
        }
        assertThat(request.tag(SendState.class).sentRetryAfter()).containsExactly("0");
        assertThat(server.requests()).isEqualTo(1); // OkHttp alone would have sent it again
    }

    // ------------------------------------------------------------------ helpers

    private static OkHttpClient.Builder builder() {
        return OkHttpClients.applyTimeouts(OkHttpClients.ownedBuilder("okhttp-failures-test-", 4),
                Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private static OkHttpClient guarded(OkHttpClient.Builder builder) {
        return OkHttpClients.forceSafety(builder).build();
    }

    private static Request get(String url) {
        return get(url, Duration.ofSeconds(30));
    }

    private static Request get(String url, Duration timeout) {
        HttpRequest original = HttpRequest.builder(HttpMethod.GET, URI.create(url)).timeout(timeout).build();
        return new Request.Builder().url(url).tag(HttpRequest.class, original).tag(SendState.class, new SendState())
                .build();
    }

    private static Request post(String url) {
        HttpRequest original = HttpRequest.builder(HttpMethod.POST, URI.create(url)).timeout(Duration.ofSeconds(30))
                .build();
        return new Request.Builder().url(url)
                .post(OkHttpRequests.oneShotBody("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        MediaType.get("application/json")))
                .tag(HttpRequest.class, original).tag(SendState.class, new SendState())
                .build();
    }

    private Throwable failureOf(Face face, Request request) throws Exception {
        return failureOf(face, client.newCall(request), request);
    }

    private Throwable failureOf(Face face, Call call, Request request) throws Exception {
        return runInBackground(face, call, request).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Runs the call (a blocking one on the calling thread, unless it must be cancelled from
     * here) and completes with what the classifier makes of its failure.
     */
    private static CompletableFuture<Throwable> runInBackground(Face face, Call call, Request request) {
        SendState state = request.tag(SendState.class);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        if (face == Face.ASYNC) {
            call.enqueue(new Callback() {
                @Override
                public void onFailure(Call failed, IOException e) {
                    failure.complete(OkHttpFailures.classify(e, state, failed.isCanceled()));
                }

                @Override
                public void onResponse(Call answered, Response response) {
                    response.close();
                    failure.completeExceptionally(new AssertionError("answered " + response.code()));
                }
            });
            return failure;
        }
        Runnable blocking = () -> {
            try (Response response = call.execute()) {
                failure.completeExceptionally(new AssertionError("answered " + response.code()));
            } catch (IOException e) {
                failure.complete(OkHttpFailures.classifyBlocking(e, state, call.isCanceled()));
            } catch (RuntimeException | Error other) {
                failure.completeExceptionally(other);
            }
        };
        if (call.isCanceled() || Thread.currentThread().isInterrupted()) {
            blocking.run();
        } else {
            Thread thread = new Thread(blocking, "okhttp-failures-test-caller");
            thread.setDaemon(true);
            thread.start();
        }
        return failure;
    }

    private static void assertNotSent(Throwable failure, Kind kind, String message) {
        assertThat(failure).isInstanceOf(TransportException.class).hasMessageContaining(message);
        TransportException reported = (TransportException) failure;
        assertThat(reported.kind()).isEqualTo(kind);
        assertThat(reported.mayHaveBeenSent()).as("may have been sent").isFalse();
    }

    private static void assertMaybeSent(Throwable failure, Kind kind, String message) {
        assertThat(failure).isInstanceOf(TransportException.class).hasMessageContaining(message);
        TransportException reported = (TransportException) failure;
        assertThat(reported.kind()).isEqualTo(kind);
        assertThat(reported.mayHaveBeenSent()).as("may have been sent").isTrue();
    }
}
