package io.civicpass.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.RetryPolicy;
import io.civicpass.error.CivicTransportException;
import io.civicpass.error.ServerException;
import io.civicpass.internal.TransportDiscovery;
import io.civicpass.model.AccessToken;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.TokenRequestStyle;
import io.civicpass.port.Transport;
import io.civicpass.port.TransportConnection;
import io.civicpass.port.TransportContext;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RequestMatcher;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    @Test
    void aSharedClientsApplicationInterceptorSeesTheTokenRequestAndTheCall() {
        try (CivicPassClient client = clientWith(shared())) {
            client.list(PassQuery.all());
        }
        assertThat(intercepted).containsExactly("POST /oauth/token", "POST /partner/pass");
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
    void theSharedClientIsNotChangedByTheTransport() {
        OkHttpClient redirecting = userClient.newBuilder().callTimeout(Duration.ofMillis(123)).build();
        try (CivicPassClient client = clientWith(RetrofitTransport.builder().okHttpClient(redirecting).build())) {
            client.list(PassQuery.all());
        }
        assertThat(redirecting.followRedirects()).isTrue();
        assertThat(redirecting.retryOnConnectionFailure()).isTrue();
        assertThat(redirecting.callTimeoutMillis()).isEqualTo(123);
        assertThat(redirecting.networkInterceptors()).isEmpty();
    }

    @Test
    void theDerivedClientSharesThePoolAndDispatcherAndForcesTheSafetySettings(@TempDir Path cacheDirectory)
            throws IOException {
        userClient = userClient.newBuilder().cache(new Cache(cacheDirectory.toFile(), 1_000_000)).build();
        try (Cache cache = userClient.cache(); RetrofitConnection connection = (RetrofitConnection) connect(shared())) {
            OkHttpClient derived = connection.okHttpClient();
            assertThat(derived).isNotSameAs(userClient);
            assertThat(derived.connectionPool()).isSameAs(userPool);
            assertThat(derived.dispatcher()).isSameAs(userClient.dispatcher());
            assertThat(derived.interceptors()).containsAll(userClient.interceptors());
            assertThat(derived.retryOnConnectionFailure()).isFalse();
            assertThat(derived.followRedirects()).isFalse();
            assertThat(derived.followSslRedirects()).isFalse();
            assertThat(derived.cache()).isNull();
            assertThat(userClient.cache()).isSameAs(cache);
            assertThat(derived.connectTimeoutMillis()).isEqualTo(2_000);
            assertThat(derived.callTimeoutMillis()).isEqualTo(5_000);
        }
    }

    @Test
    void closingShutsDownTheClientTheTransportBuilt() {
        OkHttpClient own;
        try (RetrofitConnection connection = (RetrofitConnection) connect(RetrofitTransport.create())) {
            own = connection.okHttpClient();
            connection.asyncGateway().list(connection.tokenSource().fetch(), PassQuery.all()).toCompletableFuture().join();
            assertThat(own.connectionPool().connectionCount()).isPositive();
        }
        assertThat(own.dispatcher().executorService().isShutdown()).isTrue();
        assertThat(own.connectionPool().connectionCount()).isZero();
    }

    @Test
    void closingLeavesASharedClientsDispatcherAndPoolAlone() {
        try (TransportConnection connection = connect(shared())) {
            connection.gateway().list(connection.tokenSource().fetch(), PassQuery.all());
        }
        assertThat(userClient.dispatcher().executorService().isShutdown()).isFalse();
        assertThat(userPool.connectionCount()).isPositive();
    }

    @Test
    void cancellingAnAsynchronousStageCancelsTheHttpCall() throws Exception {
        try (TransportConnection connection = connect(shared())) {
            AccessToken token = connection.tokenSource().fetch();
            civic.inject(Fault.latency(Duration.ofSeconds(3)), RequestMatcher.apiRequests(), 1);
            CompletableFuture<Pass> stage = connection.asyncGateway().retrieve(token, KEY).toCompletableFuture();
            assertThat(requestStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            assertThat(stage.cancel(true)).isTrue();

            assertThat(cancelSeen.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("OkHttp reported the call cancelled").isTrue();
            assertThat(callsCancelled.get()).isEqualTo(1);
        }
    }

    @Test
    void aCallCancelledThroughOkHttpCompletesTheStageAsCancelled() throws Exception {
        try (TransportConnection connection = connect(shared())) {
            AccessToken token = connection.tokenSource().fetch();
            civic.inject(Fault.latency(Duration.ofSeconds(3)), RequestMatcher.apiRequests(), 1);
            CompletableFuture<Pass> stage = connection.asyncGateway().retrieve(token, KEY).toCompletableFuture();
            assertThat(requestStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            userClient.dispatcher().cancelAll();

            assertThatThrownBy(() -> stage.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
            assertThat(stage.isCancelled()).isTrue();
        }
    }

    @Test
    void anInterceptorsRuntimeExceptionIsPassedOnAsItIsNotAsACancellation() {
        IllegalStateException refusal = new IllegalStateException(APPLICATION_REFUSAL);
        userClient = userClient.newBuilder().addInterceptor(chain -> {
            if (chain.request().url().encodedPath().startsWith("/partner/")) {
                throw refusal;
            }
            return chain.proceed(chain.request());
        }).build();
        try (TransportConnection connection = connect(shared())) {
            AccessToken token = connection.tokenSource().fetch();
            assertThatThrownBy(() -> connection.gateway().list(token, PassQuery.all())).isSameAs(refusal);
            CompletableFuture<?> stage = connection.asyncGateway().list(token, PassQuery.all()).toCompletableFuture();
            assertThatThrownBy(() -> stage.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(java.util.concurrent.ExecutionException.class).cause().isSameAs(refusal);
            assertThat(stage.isCancelled()).isFalse();
        }
    }

    @Test
    void anIssueAnswered503WithRetryAfterZeroIsSentOnce() {
        CivicPassConfig config = civic.configBuilder().retryPolicy(RetryPolicy.none()).build();
        civic.inject(Fault.status(503).withRetryAfter("0"), RequestMatcher.apiRequests(), 1);
        try (CivicPassClient client = CivicPassClient.builder().config(config).transport(RetrofitTransport.create()).build()) {
            assertThatThrownBy(() -> client.issue(KEY)).isInstanceOf(ServerException.class);
        }
        assertThat(civic.journal().apiRequests()).hasSize(1);
        assertThat(civic.pass(KEY)).isEmpty();
    }

    @Test
    void aRevokeAnswered503WithRetryAfterZeroIsSentOnce() {
        civic.seedPass(KEY, PassState.ACTIVE);
        CivicPassConfig config = civic.configBuilder().retryPolicy(RetryPolicy.none()).build();
        civic.inject(Fault.status(503).withRetryAfter("0"), RequestMatcher.apiRequests(), 1);
        try (CivicPassClient client = CivicPassClient.builder().config(config).transport(RetrofitTransport.create()).build()) {
            assertThatThrownBy(() -> client.revoke(KEY)).isInstanceOf(ServerException.class);
        }
        assertThat(civic.journal().apiRequests()).hasSize(1);
        assertThat(civic.pass(KEY)).hasValueSatisfying(pass -> assertThat(pass.state()).isEqualTo(PassState.ACTIVE));
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
    void keepClientTimeoutsWithoutAClientIsRefused() {
        assertThatThrownBy(() -> RetrofitTransport.builder().keepClientTimeouts(true).build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPathOkHttpWouldResolveAsADotSegmentIsNotSent() {
        try (TransportConnection connection = connect(shared())) {
            AccessToken token = connection.tokenSource().fetch();
            assertThatThrownBy(() -> connection.gateway().download(token, "/piirequest/%2E%2E"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(connection.asyncGateway().download(token, "/piirequest/%2e").toCompletableFuture())
                    .isCompletedExceptionally();
        }
        assertThat(civic.journal().apiRequests()).isEmpty();
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
        String previous = System.getProperty(TransportDiscovery.PROPERTY);
        System.setProperty(TransportDiscovery.PROPERTY, RetrofitTransport.NAME);
        try {
            Transport transport = TransportDiscovery.discover(getClass().getClassLoader());
            assertThat(transport).isInstanceOf(RetrofitTransport.class);
            assertThat(transport.name()).isEqualTo("retrofit");
        } finally {
            if (previous == null) {
                System.clearProperty(TransportDiscovery.PROPERTY);
            } else {
                System.setProperty(TransportDiscovery.PROPERTY, previous);
            }
        }
    }

    private RetrofitTransport shared() {
        return RetrofitTransport.builder().okHttpClient(userClient).build();
    }

    private static CivicPassClient clientWith(Transport transport) {
        return CivicPassClient.builder().config(civic.config()).transport(transport).build();
    }

    private static TransportConnection connect(Transport transport) {
        return transport.connect(context(civic.apiUrl(), civic.tokenUrl(), Duration.ofSeconds(5)));
    }

    private static TransportContext context(URI apiUrl, URI tokenUrl, Duration requestTimeout) {
        return new TransportContext(apiUrl, tokenUrl, CivicPassConfig.SANDBOX_CREDENTIALS, TokenRequestStyle.BASIC_FORM,
                null, Duration.ofSeconds(2), requestTimeout, "civicpass-java-test", Clock.systemUTC());
    }

}
