package io.civicpass.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.RetryPolicy;
import io.civicpass.error.CivicTransportException;
import io.civicpass.error.ServerException;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.okhttp.DeadlineInterceptor;
import io.civicpass.okhttp.NoSilentRetryInterceptor;
import io.civicpass.okhttp.WriteInterceptor;
import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportException;
import io.civicpass.spi.TransportProvider;
import io.civicpass.spi.TransportSettings;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RequestMatcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Cache;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Retrofit transport's own promises, checked against the fake Civic API. */
class RetrofitTransportTest {

    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0x1234567890abcdef1234567890abcdef12345678");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String APPLICATION_REFUSAL = "refused by the application";
    private static final TransportSettings SETTINGS = TransportSettings.builder()
            .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(5)).build();

    private static FakeCivic civic;

    private final List<String> intercepted = new CopyOnWriteArrayList<>();
    private final List<Thread> interceptorThreads = new CopyOnWriteArrayList<>();
    private final List<Thread> userDispatcherThreads = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final AtomicInteger callsCancelled = new AtomicInteger();
    private final CountDownLatch cancelSeen = new CountDownLatch(1);
    private final CountDownLatch requestStarted = new CountDownLatch(1);
    private ExecutorService userThreads;
    private ConnectionPool userPool;
    private OkHttpClient userClient;

    @BeforeAll
    static void startFake() {
        civic = FakeCivic.start();
    }

    @AfterAll
    static void stopFake() {
        civic.close();
    }

    @BeforeEach
    void userClient() {
        civic.reset();
        AtomicInteger threads = new AtomicInteger();
        userThreads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "user-dispatcher-" + threads.incrementAndGet());
            thread.setDaemon(true);
            // OkHttp rethrows an interceptor's runtime exception on its dispatcher thread after
            // reporting it; that one is expected, anything else goes to the default handler.
            thread.setUncaughtExceptionHandler((failed, error) -> {
                if (!APPLICATION_REFUSAL.equals(error.getMessage())) {
                    failed.getThreadGroup().uncaughtException(failed, error);
                }
            });
            userDispatcherThreads.add(thread);
            return thread;
        });
        userPool = new ConnectionPool();
        userClient = new OkHttpClient.Builder()
                .dispatcher(new Dispatcher(userThreads))
                .connectionPool(userPool)
                .addInterceptor(chain -> {
                    intercepted.add(chain.request().method() + " " + chain.request().url().encodedPath());
                    interceptorThreads.add(Thread.currentThread());
                    requestStarted.countDown();
                    return chain.proceed(chain.request());
                })
                .eventListener(new EventListener() {
                    @Override
                    public void connectStart(Call call, java.net.InetSocketAddress address, java.net.Proxy proxy) {
                        connectionsOpened.incrementAndGet();
                    }

                    @Override
                    public void canceled(Call call) {
                        callsCancelled.incrementAndGet();
                        cancelSeen.countDown();
                    }
                })
                .build();
    }

    @AfterEach
    void stopUserThreads() {
        userThreads.shutdownNow();
        userPool.evictAll();
    }

    // ------------------------------------------------------------------------ the client it builds

    @Test
    void aNullClientThrowsNullPointerExceptionNamingTheParameter() {
        assertThatThrownBy(() -> RetrofitTransport.builder().okHttpClient(null))
                .isInstanceOf(NullPointerException.class).hasMessage("client == null");
    }

    @Test
    void theOwnClientIsSizedFromTheSettings() {
        try (RetrofitConnection connection = (RetrofitConnection) RetrofitTransport.create().connect(SETTINGS)) {
            OkHttpClient own = connection.okHttpClient();
            // OkHttp's default is 5 per host, which would queue the 6th of 64 concurrent callers.
            assertThat(own.dispatcher().getMaxRequestsPerHost()).isEqualTo(TransportSettings.DEFAULT_MAX_CONNECTIONS);
            assertThat(own.dispatcher().getMaxRequests()).isEqualTo(2 * TransportSettings.DEFAULT_MAX_CONNECTIONS);
            assertThat(own.connectTimeoutMillis()).isEqualTo(2_000);
            assertThat(own.callTimeoutMillis()).isEqualTo(5_000);
            assertThat(own.readTimeoutMillis()).isEqualTo(5_000);
            assertThat(own.writeTimeoutMillis()).isEqualTo(5_000);
            assertThat(own.retryOnConnectionFailure()).isFalse();
            assertThat(own.followRedirects()).isFalse();
            assertThat(own.followSslRedirects()).isFalse();
            assertThat(own.cache()).isNull();
            assertThat(connection.blocking()).isPresent();
            assertThat(connection.async()).isPresent();
            assertThat(connection.scheduler()).isEmpty();
        }
        TransportSettings small = TransportSettings.builder().maxConnections(8).build();
        try (RetrofitConnection connection = (RetrofitConnection) RetrofitTransport.create().connect(small)) {
            assertThat(connection.okHttpClient().dispatcher().getMaxRequestsPerHost()).isEqualTo(8);
            assertThat(connection.okHttpClient().dispatcher().getMaxRequests()).isEqualTo(16);
        }
    }

    @Test
    void sixtyFourConcurrentBlockingCallsAllSucceedWithTheDefaultTransport() throws Exception {
        civic.seedPass(KEY, PassState.ACTIVE);
        try (CivicPassClient client = CivicPassClient.builder().config(concurrentConfig())
                .transport(RetrofitTransport.create()).build()) {
            client.get(KEY); // the token, once
            int callers = TransportSettings.DEFAULT_MAX_CONNECTIONS;
            civic.inject(Fault.latency(Duration.ofMillis(200)), RequestMatcher.apiRequests(), callers);
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<Pass>> results = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return client.get(KEY);
                    }));
                }
                start.countDown();
                for (Future<Pass> result : results) {
                    assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS).state()).isEqualTo(PassState.ACTIVE);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(civic.journal().apiRequests()).hasSize(1 + callers); // none retried
        }
    }

    @Test
    void sixtyFourConcurrentAsynchronousCallsAllSucceedWithTheDefaultTransport() {
        civic.seedPass(KEY, PassState.ACTIVE);
        try (CivicPassAsyncClient client = CivicPassClient.builder().config(concurrentConfig())
                .transport(RetrofitTransport.create()).buildAsync()) {
            client.get(KEY).toCompletableFuture().join(); // the token, once
            int callers = TransportSettings.DEFAULT_MAX_CONNECTIONS;
            civic.inject(Fault.latency(Duration.ofMillis(200)), RequestMatcher.apiRequests(), callers);
            List<CompletableFuture<Pass>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(client.get(KEY).toCompletableFuture());
            }
            // With OkHttp's default 5 per host these would take 13 rounds of 200 ms: past the 2 s timeout.
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            assertThat(results).allSatisfy(result -> assertThat(result.join().state()).isEqualTo(PassState.ACTIVE));
            assertThat(civic.journal().apiRequests()).hasSize(1 + callers); // none retried
        }
    }

    @Test
    void closingShutsDownTheClientTheTransportBuilt() {
        OkHttpClient own;
        try (RetrofitConnection connection = (RetrofitConnection) RetrofitTransport.create().connect(SETTINGS)) {
            own = connection.okHttpClient();
            HttpResponse response = connection.async().orElseThrow().execute(get("/pass/unknown", WAIT)).join();
            assertThat(response.status()).isEqualTo(401); // reached the fake: no token sent
            assertThat(own.connectionPool().connectionCount()).isPositive();
        }
        assertThat(own.dispatcher().executorService().isShutdown()).isTrue();
        assertThat(own.connectionPool().connectionCount()).isZero();
    }

    @Test
    void aClosedConnectionSendsNothing() {
        TransportConnection connection = RetrofitTransport.create().connect(SETTINGS);
        connection.close();
        connection.close(); // idempotent
        assertThatThrownBy(() -> connection.blocking().orElseThrow().execute(get("/pass/unknown", WAIT)))
                .isInstanceOfSatisfying(TransportException.class, failure -> assertThat(failure.mayHaveBeenSent()).isFalse());
        assertThat(connection.async().orElseThrow().execute(get("/pass/unknown", WAIT))).isCompletedExceptionally();
        assertThat(civic.journal().apiRequests()).isEmpty();
    }

    // ------------------------------------------------------------------------ a client of the user's

    @Test
    void aSharedClientsApplicationInterceptorSeesTheTokenRequestAndTheCall() {
        try (CivicPassClient client = clientWith(shared())) {
            client.list(PassQuery.all());
        }
        assertThat(intercepted).containsExactly("POST /oauth/token", "POST /partner/pass");
    }

    @Test
    void aSharedClientsInterceptorCanTellSensitiveRequestsFromTheTag() {
        List<String> sensitive = new CopyOnWriteArrayList<>();
        userClient = userClient.newBuilder().addInterceptor(chain -> {
            HttpRequest request = chain.request().tag(HttpRequest.class);
            sensitive.add(chain.request().url().encodedPath() + "=" + (request != null && request.sensitive()));
            return chain.proceed(chain.request());
        }).build();
        try (CivicPassClient client = clientWith(shared())) {
            client.list(PassQuery.all());
        }
        assertThat(sensitive).containsExactly("/oauth/token=true", "/partner/pass=false");
    }

    @Test
    void aSharedClientsConnectionPoolHoldsTheConnectionsTheTransportOpened() {
        try (CivicPassClient client = clientWith(shared())) {
            client.list(PassQuery.all());
            client.find(KEY);
            client.list(PassQuery.all());
        }
        assertThat(userPool.connectionCount()).isPositive();
        // Every connection the transport opened went into the user's pool: none elsewhere.
        assertThat(userPool.connectionCount()).isEqualTo(connectionsOpened.get());
    }

    @Test
    void asynchronousCallsRunOnTheSharedClientsDispatcher() {
        try (CivicPassAsyncClient client = CivicPassClient.builder().config(civic.config()).transport(shared()).buildAsync()) {
            client.list(PassQuery.all()).toCompletableFuture().join();
        }
        // OkHttp renames its dispatcher threads while they run a call, so compare the threads themselves.
        assertThat(interceptorThreads).hasSize(2).allSatisfy(thread -> assertThat(userDispatcherThreads).contains(thread));
    }

    @Test
    void closingTheClientLeavesTheSharedOkHttpClientUsable() throws IOException {
        try (CivicPassClient client = clientWith(shared())) {
            client.list(PassQuery.all());
        }
        assertThat(userClient.dispatcher().executorService().isShutdown()).isFalse();
        assertThat(userPool.connectionCount()).isPositive();
        Request request = new Request.Builder().url(civic.apiUrl() + "/pass/unknown").build();
        try (Response response = userClient.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(401); // reached the fake: no token sent
        }
        CompletableFuture<Integer> async = new CompletableFuture<>();
        userClient.newCall(request).enqueue(new okhttp3.Callback() {
            @Override
            public void onFailure(Call call, IOException failure) {
                async.completeExceptionally(failure);
            }

            @Override
            public void onResponse(Call call, Response response) {
                response.close();
                async.complete(response.code());
            }
        });
        assertThat(async.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join()).isEqualTo(401);
    }

    @Test
    void closingLeavesASharedClientsDispatcherAndPoolAlone() {
        try (TransportConnection connection = shared().connect(SETTINGS)) {
            assertThat(connection.blocking().orElseThrow().execute(get("/pass/unknown", WAIT)).status()).isEqualTo(401);
        }
        assertThat(userClient.dispatcher().executorService().isShutdown()).isFalse();
        assertThat(userPool.connectionCount()).isPositive();
    }

    @Test
    void theSharedClientIsNotChangedByTheTransport() {
        OkHttpClient redirecting = userClient.newBuilder().callTimeout(Duration.ofMillis(123)).build();
        try (CivicPassClient client = clientWith(RetrofitTransport.builder().okHttpClient(redirecting).build())) {
            client.list(PassQuery.all());
        }
        assertThat(redirecting.followRedirects()).isTrue();
        assertThat(redirecting.retryOnConnectionFailure()).isTrue();
        assertThat(redirecting.callTimeoutMillis()).isEqualTo(123);
        assertThat(redirecting.interceptors()).hasSize(1);
        assertThat(redirecting.networkInterceptors()).isEmpty();
    }

    @Test
    void theDerivedClientSharesThePoolAndDispatcherAndForcesTheSafetySettings(@TempDir Path cacheDirectory)
            throws IOException {
        userClient = userClient.newBuilder().cache(new Cache(cacheDirectory.toFile(), 1_000_000)).build();
        try (Cache cache = userClient.cache(); RetrofitConnection connection = (RetrofitConnection) shared().connect(SETTINGS)) {
            OkHttpClient derived = connection.okHttpClient();
            assertThat(derived).isNotSameAs(userClient);
            assertThat(derived.connectionPool()).isSameAs(userPool);
            assertThat(derived.dispatcher()).isSameAs(userClient.dispatcher());
            assertThat(derived.interceptors()).containsAll(userClient.interceptors());
            assertThat(derived.interceptors().get(0)).isInstanceOf(DeadlineInterceptor.class);
            assertThat(derived.networkInterceptors()).hasExactlyElementsOfTypes(NoSilentRetryInterceptor.class,
                    WriteInterceptor.class);
            assertThat(derived.retryOnConnectionFailure()).isFalse();
            assertThat(derived.followRedirects()).isFalse();
            assertThat(derived.followSslRedirects()).isFalse();
            assertThat(derived.cache()).isNull();
            assertThat(userClient.cache()).isSameAs(cache);
            assertThat(derived.connectTimeoutMillis()).isEqualTo(2_000);
            assertThat(derived.callTimeoutMillis()).isEqualTo(5_000);
            // The user's dispatcher keeps its own limits.
            assertThat(derived.dispatcher().getMaxRequestsPerHost()).isEqualTo(5);
        }
    }

    @Test
    void theConfigurationsRequestTimeoutReplacesTheSharedClientsByDefault() {
        OkHttpClient impatient = userClient.newBuilder().callTimeout(Duration.ofMillis(100)).build();
        civic.inject(Fault.latency(Duration.ofMillis(600)), RequestMatcher.apiRequests(), 1);
        try (CivicPassClient client = clientWith(RetrofitTransport.builder().okHttpClient(impatient).build())) {
            assertThat(client.list(PassQuery.all()).items()).isEmpty();
        }
    }

    @Test
    void keepClientTimeoutsKeepsTheSharedClientsCallTimeout() {
        OkHttpClient impatient = userClient.newBuilder().callTimeout(Duration.ofMillis(100)).build();
        CivicPassConfig config = civic.configBuilder().retryPolicy(RetryPolicy.none()).requestTimeout(Duration.ofSeconds(5)).build();
        civic.inject(Fault.latency(Duration.ofSeconds(2)), RequestMatcher.apiRequests(), 1);
        Transport transport = RetrofitTransport.builder().okHttpClient(impatient).keepClientTimeouts(true).build();
        try (CivicPassClient client = CivicPassClient.builder().config(config).transport(transport).build()) {
            assertThatThrownBy(() -> client.list(PassQuery.all()))
                    .isInstanceOfSatisfying(CivicTransportException.class,
                            failure -> assertThat(failure.kind()).isEqualTo(CivicTransportException.Kind.TIMEOUT));
        }
    }

    @Test
    void keepClientTimeoutsStillEndsACallByItsRequestsDeadline() {
        OkHttpClient patient = userClient.newBuilder().callTimeout(Duration.ofSeconds(30)).build();
        civic.inject(Fault.latency(Duration.ofSeconds(3)), RequestMatcher.apiRequests(), 1);
        Transport transport = RetrofitTransport.builder().okHttpClient(patient).keepClientTimeouts(true).build();
        try (TransportConnection connection = transport.connect(SETTINGS)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> connection.blocking().orElseThrow().execute(get("/pass/unknown", Duration.ofMillis(300))))
                    .isInstanceOfSatisfying(TransportException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(TransportException.Kind.TIMEOUT);
                        assertThat(failure.mayHaveBeenSent()).isTrue();
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void keepClientTimeoutsWithoutAClientIsRefused() {
        assertThatThrownBy(() -> RetrofitTransport.builder().keepClientTimeouts(true).build())
                .isInstanceOf(IllegalStateException.class);
    }

    // ------------------------------------------------------------------------ exchanges

    @Test
    void sendsTheRequestExactlyAsGiven() {
        HttpRequest request = HttpRequest.builder(HttpMethod.POST, URI.create(civic.apiUrl() + "/pass?x=%2F"))
                .header("User-Agent", "civicpass-java-test")
                .header("Accept", "application/json")
                .header("X-Two", "one")
                .header("X-Two", "two")
                .body("{}".getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8")
                .build();
        List<String> seen = new CopyOnWriteArrayList<>();
        userClient = userClient.newBuilder().addNetworkInterceptor(chain -> {
            Request sent = chain.request();
            seen.add(sent.method() + " " + sent.url().encodedPath() + "?" + sent.url().encodedQuery());
            seen.add("User-Agent=" + sent.headers("User-Agent"));
            seen.add("X-Two=" + sent.headers("X-Two"));
            seen.add("Content-Type=" + sent.headers("Content-Type"));
            return chain.proceed(sent);
        }).build();
        try (TransportConnection connection = shared().connect(SETTINGS)) {
            HttpResponse response = connection.blocking().orElseThrow().execute(request);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.headers().isEmpty()).isFalse();
        }
        assertThat(seen).containsExactly("POST /partner/pass?x=%2F", "User-Agent=[civicpass-java-test]", "X-Two=[one, two]",
                "Content-Type=[application/json; charset=utf-8]");
    }

    @Test
    void cancellingAnAsynchronousExchangeCancelsTheHttpCall() throws Exception {
        civic.inject(Fault.latency(Duration.ofSeconds(3)), RequestMatcher.apiRequests(), 1);
        try (TransportConnection connection = shared().connect(SETTINGS)) {
            CompletableFuture<HttpResponse> exchange = connection.async().orElseThrow().execute(get("/pass/unknown", WAIT));
            assertThat(requestStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            assertThat(exchange.cancel(true)).isTrue();

            assertThat(cancelSeen.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("OkHttp reported the call cancelled").isTrue();
            assertThat(callsCancelled.get()).isEqualTo(1);
        }
    }

    @Test
    void aCallCancelledThroughOkHttpFailsTheExchangeAsMaybeSent() throws Exception {
        civic.inject(Fault.latency(Duration.ofSeconds(3)), RequestMatcher.apiRequests(), 1);
        try (TransportConnection connection = shared().connect(SETTINGS)) {
            CompletableFuture<HttpResponse> exchange = connection.async().orElseThrow().execute(get("/pass/unknown", WAIT));
            assertThat(requestStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            awaitApiRequests(1); // the request reached the fake

            userClient.dispatcher().cancelAll();

            assertThatThrownBy(() -> exchange.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOfSatisfying(TransportException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(TransportException.Kind.IO);
                        assertThat(failure.mayHaveBeenSent()).isTrue();
                    });
        }
    }

    @Test
    void anInterceptorsRuntimeExceptionIsPassedOnAsItIs() {
        IllegalStateException refusal = new IllegalStateException(APPLICATION_REFUSAL);
        userClient = userClient.newBuilder().addInterceptor(chain -> {
            if (chain.request().url().encodedPath().startsWith("/partner/")) {
                throw refusal;
            }
            return chain.proceed(chain.request());
        }).build();
        try (TransportConnection connection = shared().connect(SETTINGS)) {
            assertThatThrownBy(() -> connection.blocking().orElseThrow().execute(get("/pass/unknown", WAIT))).isSameAs(refusal);
            CompletableFuture<HttpResponse> exchange = connection.async().orElseThrow().execute(get("/pass/unknown", WAIT));
            assertThatThrownBy(() -> exchange.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isSameAs(refusal);
        }
        assertThat(civic.journal().apiRequests()).isEmpty();
    }

    @Test
    void aRefusedConnectionIsNotSent() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpRequest request = HttpRequest.builder(HttpMethod.GET, URI.create("http://127.0.0.1:" + closedPort + "/x?secret=s3cr3t"))
                .header("Authorization", "Bearer t0ken").build();
        try (TransportConnection connection = RetrofitTransport.create().connect(SETTINGS)) {
            assertThatThrownBy(() -> connection.blocking().orElseThrow().execute(request))
                    .isInstanceOfSatisfying(TransportException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(TransportException.Kind.CONNECT);
                        assertThat(failure.mayHaveBeenSent()).isFalse();
                        assertThat(failure.getMessage()).doesNotContain("s3cr3t", "t0ken");
                    });
            assertThatThrownBy(() -> connection.async().orElseThrow().execute(request).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(TransportException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(TransportException.Kind.CONNECT);
                        assertThat(failure.mayHaveBeenSent()).isFalse();
                    });
        }
    }

    @Test
    void aResponseLaterThanTheDeadlineIsAMaybeSentTimeout() {
        civic.inject(Fault.latency(Duration.ofSeconds(2)), RequestMatcher.apiRequests(), 2);
        try (TransportConnection connection = RetrofitTransport.create().connect(SETTINGS)) {
            assertThatThrownBy(() -> connection.blocking().orElseThrow().execute(get("/pass/unknown", Duration.ofMillis(300))))
                    .isInstanceOfSatisfying(TransportException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(TransportException.Kind.TIMEOUT);
                        assertThat(failure.mayHaveBeenSent()).isTrue();
                    });
            CompletableFuture<HttpResponse> exchange = connection.async().orElseThrow().execute(get("/pass/unknown", Duration.ofMillis(300)));
            assertThatThrownBy(() -> exchange.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(TransportException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(TransportException.Kind.TIMEOUT);
                        assertThat(failure.mayHaveBeenSent()).isTrue();
                    });
        }
    }

    @Test
    void aRequestWhoseDeadlinePassesInTheDispatchersQueueIsNotSent() throws Exception {
        Dispatcher oneAtATime = new Dispatcher(userThreads);
        oneAtATime.setMaxRequestsPerHost(1);
        userClient = userClient.newBuilder().dispatcher(oneAtATime).build();
        civic.inject(Fault.latency(Duration.ofMillis(800)), RequestMatcher.apiRequests(), 1);
        try (TransportConnection connection = shared().connect(SETTINGS)) {
            CompletableFuture<HttpResponse> first = connection.async().orElseThrow().execute(get("/pass/first", WAIT));
            CompletableFuture<HttpResponse> queued = connection.async().orElseThrow().execute(get("/pass/queued", Duration.ofMillis(200)));
            assertThat(oneAtATime.queuedCallsCount()).isEqualTo(1);
            assertThatThrownBy(() -> queued.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(TransportException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(TransportException.Kind.TIMEOUT);
                        assertThat(failure.mayHaveBeenSent()).isFalse();
                    });
            assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(401);
        }
        assertThat(civic.journal().apiRequests()).hasSize(1);
    }

    @Test
    void aRequestPastItsDeadlineIsNotStarted() throws Exception {
        HttpRequest request = get("/pass/unknown", Duration.ofMillis(1));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(request::expired); // its 1 ms deadline has passed
        try (TransportConnection connection = RetrofitTransport.create().connect(SETTINGS)) {
            assertThatThrownBy(() -> connection.blocking().orElseThrow().execute(request))
                    .isInstanceOfSatisfying(TransportException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(TransportException.Kind.TIMEOUT);
                        assertThat(failure.mayHaveBeenSent()).isFalse();
                    });
            assertThat(connection.async().orElseThrow().execute(request)).isCompletedExceptionally();
        }
        assertThat(civic.journal().apiRequests()).isEmpty();
    }

    @Test
    void aPathOkHttpWouldResolveAsADotSegmentIsNotSent() {
        try (TransportConnection connection = shared().connect(SETTINGS)) {
            assertThatThrownBy(() -> connection.blocking().orElseThrow().execute(get("/piirequest/%2E%2E", WAIT)))
                    .isInstanceOfSatisfying(TransportException.class, failure -> assertThat(failure.mayHaveBeenSent()).isFalse());
            assertThat(connection.async().orElseThrow().execute(get("/piirequest/%2e", WAIT))).isCompletedExceptionally();
            for (String path : List.of("/piirequest/..", "/piirequest/./x", "/a/%2e%2E/b", "/a/.%2E")) {
                assertThatThrownBy(() -> connection.blocking().orElseThrow().execute(get(path, WAIT)))
                        .as(path).isInstanceOfSatisfying(TransportException.class,
                                failure -> assertThat(failure.mayHaveBeenSent()).isFalse());
            }
        }
        assertThat(civic.journal().apiRequests()).isEmpty();
        assertThat(intercepted).isEmpty();
    }

    // ------------------------------------------------------------------------ through the client

    @Test
    void aPostAnswered503WithRetryAfterZeroIsSentOnce() {
        civic.inject(Fault.status(503).withRetryAfter("0"), RequestMatcher.apiRequests(), 2);
        HttpRequest issue = HttpRequest.builder(HttpMethod.POST, URI.create(civic.apiUrl() + "/pass/ethereum/sepolia"))
                .body("{}".getBytes(StandardCharsets.UTF_8), "application/json").build();
        try (TransportConnection connection = RetrofitTransport.create().connect(SETTINGS)) {
            assertThat(connection.blocking().orElseThrow().execute(issue).status()).isEqualTo(503);
        }
        // OkHttp re-sends after "Retry-After: 0" on its own unless stopped; the second fault would have answered it.
        assertThat(civic.journal().apiRequests()).hasSize(1);
    }

    @Test
    void aBodilessRequestAnswered503WithRetryAfterZeroIsSentOnce() {
        civic.inject(Fault.status(503).withRetryAfter("0"), RequestMatcher.apiRequests(), 4);
        HttpRequest revoke = HttpRequest.builder(HttpMethod.DELETE, URI.create(civic.apiUrl() + "/pass/ethereum/sepolia/"
                + KEY.wallet().value())).build();
        try (TransportConnection connection = RetrofitTransport.create().connect(SETTINGS)) {
            HttpResponse blocking = connection.blocking().orElseThrow().execute(revoke);
            assertThat(blocking.status()).isEqualTo(503);
            assertThat(blocking.headers().firstOrNull("Retry-After")).isEqualTo("0"); // as sent; OkHttp saw a date
            assertThat(connection.async().orElseThrow().execute(revoke).join().status()).isEqualTo(503);
        }
        assertThat(civic.journal().apiRequests()).hasSize(2);
    }

    @Test
    void aRevokeAnswered503WithRetryAfterZeroIsSentOnceThroughTheClient() {
        civic.seedPass(KEY, PassState.ACTIVE);
        CivicPassConfig config = civic.configBuilder().retryPolicy(RetryPolicy.none()).build();
        civic.inject(Fault.status(503).withRetryAfter("0"), RequestMatcher.apiRequests(), 2);
        try (CivicPassClient client = CivicPassClient.builder().config(config).transport(RetrofitTransport.create()).build()) {
            assertThatThrownBy(() -> client.revoke(KEY)).isInstanceOf(ServerException.class);
        }
        assertThat(civic.journal().apiRequests()).hasSize(1);
        assertThat(civic.pass(KEY)).hasValueSatisfying(pass -> assertThat(pass.state()).isEqualTo(PassState.ACTIVE));
    }

    @Test
    void retrievesAPassAsynchronously() {
        civic.seedPass(KEY, PassState.ACTIVE);
        try (CivicPassAsyncClient client = CivicPassClient.builder().config(civic.config())
                .transport(RetrofitTransport.create()).buildAsync()) {
            Pass pass = client.get(KEY).toCompletableFuture().join();
            assertThat(pass.walletAddress()).isEqualToIgnoringCase(KEY.wallet().value());
        }
    }

    @Test
    void isDiscoveredOnTheClasspathByName() {
        List<TransportProvider> providers = new ArrayList<>();
        ServiceLoader.load(TransportProvider.class, getClass().getClassLoader()).forEach(providers::add);
        assertThat(providers).filteredOn(provider -> provider.name().equals(RetrofitTransport.NAME)).singleElement()
                .satisfies(provider -> {
                    assertThat(provider).isInstanceOf(RetrofitTransportProvider.class);
                    assertThat(provider.create()).isInstanceOf(RetrofitTransport.class);
                    assertThat(provider.create().name()).isEqualTo("retrofit");
                });
    }

    // ------------------------------------------------------------------------ helpers

    private RetrofitTransport shared() {
        return RetrofitTransport.builder().okHttpClient(userClient).build();
    }

    private static CivicPassClient clientWith(Transport transport) {
        return CivicPassClient.builder().config(civic.config()).transport(transport).build();
    }

    /** No retries (a retry would hide a timeout), 2 s per request, the default pool. */
    private static CivicPassConfig concurrentConfig() {
        return civic.configBuilder().retryPolicy(RetryPolicy.none())
                .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(2)).build();
    }

    /** A {@code GET} of a path under the fake's API base, without a token. */
    private static HttpRequest get(String path, Duration timeout) {
        return HttpRequest.builder(HttpMethod.GET, URI.create(civic.apiUrl() + path))
                .header("Accept", "application/json")
                .header("User-Agent", "civicpass-java-test")
                .timeout(timeout)
                .build();
    }

    private static void awaitApiRequests(int count) throws InterruptedException {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> civic.journal().apiRequests().size() >= count);
    }
}
