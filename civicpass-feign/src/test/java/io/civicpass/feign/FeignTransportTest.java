package io.civicpass.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import feign.AsyncClient;
import feign.Capability;
import feign.Client;
import feign.Logger;
import feign.Request;
import feign.RequestInterceptor;
import feign.Response;
import feign.http2client.Http2Client;
import io.civicpass.CivicPassClient;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.PiiRequest;
import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.HttpExchange;
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
import io.civicpass.testkit.PiiSeed;
import io.civicpass.testkit.RecordedRequest;
import io.civicpass.testkit.RequestMatcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Feign transport adds to the contract every transport passes: the parts of a Feign
 * setup a user can hand over, the Feign defaults it must not keep (retries, redirects, logging
 * of secrets), deadlines, failure naming and the release of the default client's threads,
 * checked against the fake Civic API and a few raw servers.
 */
class FeignTransportTest {

    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    private static final PassKey OTHER_KEY = PassKey.of(ChainNetwork.SEPOLIA, "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
    private static final TransportSettings SETTINGS = TransportSettings.builder()
            .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(5)).build();
    private static final RequestMatcher RETRIEVES = RequestMatcher.of("GET", "/partner/pass/**");
    private static FakeCivic fake;

    @BeforeAll
    static void startFake() {
        fake = FakeCivic.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    private static CivicPassClient client(Transport transport) {
        return CivicPassClient.builder().config(fake.config()).transport(transport).build();
    }

    private static URI issueUrl() {
        return URI.create(fake.apiUrl() + "/pass/" + KEY.chain().value() + "/" + KEY.network().value());
    }

    private static URI passUrl() {
        return URI.create(issueUrl() + "/" + KEY.wallet().value());
    }

    private static HttpRequest.Builder request(HttpMethod method, URI uri) {
        return HttpRequest.builder(method, uri)
                .header("Accept", "application/json")
                .header("User-Agent", "civicpass-java/test (feign)")
                .timeout(Duration.ofSeconds(5));
    }

    private static HttpExchange blocking(TransportConnection connection) {
        return connection.blocking().orElseThrow();
    }

    private static AsyncHttpExchange async(TransportConnection connection) {
        return connection.async().orElseThrow();
    }

    private static TransportException transportFailure(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        while (thrown != null && !(thrown instanceof TransportException) && thrown.getCause() != null) {
            thrown = thrown.getCause();
        }
        assertThat(thrown).isInstanceOf(TransportException.class);
        return (TransportException) thrown;
    }

    /** Counts the requests it passes to the JDK-based client, and whether they carried a bearer token. */
    private static final class CountingClient implements Client {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger authorized = new AtomicInteger();
        private final Client delegate = new Http2Client();

        @Override
        public Response execute(Request request, Request.Options options) throws IOException {
            requests.incrementAndGet();
            if (request.headers().containsKey("Authorization")) {
                authorized.incrementAndGet();
            }
            return delegate.execute(request, options);
        }
    }

    // ------------------------------------------------------------------ what can be handed over

    @Test
    void sendsEveryRequestThroughTheHandedOverClientWithTheInterceptorsHeader() {
        CountingClient counting = new CountingClient();
        RequestInterceptor tenant = template -> template.header("X-Tenant", "acme");
        fake.seedPass(KEY, PassState.ACTIVE);
        try (CivicPassClient client = client(FeignTransport.builder().client(counting).requestInterceptor(tenant).build())) {
            assertThat(client.get(KEY).key()).isEqualTo(KEY);
            client.freeze(KEY);
            client.issue(OTHER_KEY);
        }
        List<RecordedRequest> received = fake.journal().all();
        assertThat(received).hasSize(4); // token, get, freeze, issue
        assertThat(counting.requests).hasValue(4);
        assertThat(counting.authorized).hasValue(4);
        assertThat(received).allSatisfy(request -> assertThat(request.header("X-Tenant")).contains("acme"));
        assertThat(received).extracting(RecordedRequest::method).containsExactly("POST", "GET", "PATCH", "POST");
    }

    @Test
    void aBlockingOnlyClientOffersOnlyTheBlockingFaceAndCoreAnswersAsynchronousCalls() {
        CountingClient counting = new CountingClient();
        FeignTransport transport = FeignTransport.builder().client(counting).build();
        try (TransportConnection connection = transport.connect(SETTINGS)) {
            assertThat(connection.blocking()).isPresent();
            assertThat(connection.async()).isEmpty();
        }
        fake.seedPass(KEY, PassState.ACTIVE);
        try (CivicPassClient client = client(transport)) {
            Pass found = client.async().get(KEY).toCompletableFuture().join();
            Page<Pass> page = client.async().list(PassQuery.all()).toCompletableFuture().join();
            assertThat(page.items()).extracting(Pass::key).contains(found.key());
        }
        assertThat(counting.requests).hasValue(3); // token, get, list
        assertThat(fake.journal().size()).isEqualTo(3);
    }

    @Test
    void aClientThatIsAlsoAnAsyncClientServesBothFaces() {
        try (TransportConnection connection = FeignTransport.builder().client(new Http2Client()).build().connect(SETTINGS)) {
            assertThat(connection.async()).isPresent();
            assertThat(async(connection).execute(request(HttpMethod.GET, passUrl()).build()).join().status())
                    .isBetween(200, 499);
        }
    }

    /** Sees every request Feign hands to either client, as a metrics or tracing capability would. */
    public static final class ObservingCapability implements Capability {
        final AtomicInteger seen = new AtomicInteger();
        final List<String> authorizationSeen = new CopyOnWriteArrayList<>();

        private void observe(Request request) {
            seen.incrementAndGet();
            authorizationSeen.addAll(request.headers().getOrDefault("Authorization", List.of()));
        }

        @Override
        public Client enrich(Client client) {
            return (request, options) -> {
                observe(request);
                return client.execute(request, options);
            };
        }

        @Override
        public AsyncClient<Object> enrich(AsyncClient<Object> client) {
            return (request, options, context) -> {
                observe(request);
                return client.execute(request, options, context);
            };
        }
    }

    @Test
    void aCapabilityWrapsTheClientOutsideTheCredentialSoItNeverSeesTheToken() {
        ObservingCapability observing = new ObservingCapability();
        try (CivicPassClient client = client(FeignTransport.builder().capability(observing).build())) {
            client.issue(KEY);
        }
        assertThat(observing.seen).hasValue(2); // token, issue
        assertThat(observing.authorizationSeen).isEmpty();
        assertThat(fake.journal().all()).allSatisfy(request -> {
            assertThat(request.header("Authorization")).isPresent();
            assertThat(request.header(Credentials.REFERENCE_HEADER)).isEmpty();
        });
    }

    @Test
    void closingAConnectionLeavesAHandedOverClientUsable() {
        CountingClient counting = new CountingClient();
        FeignTransport transport = FeignTransport.builder().client(counting).build();
        fake.seedPass(KEY, PassState.ACTIVE);
        try (CivicPassClient first = client(transport)) {
            first.async().get(KEY).toCompletableFuture().join();
        }
        try (CivicPassClient second = client(transport)) {
            assertThat(second.get(KEY).key()).isEqualTo(KEY);
        }
        assertThat(counting.requests).hasValue(4);
    }

    @Test
    void isDiscoverableAsTheFeignTransport() {
        List<String> names = new ArrayList<>();
        for (TransportProvider provider : ServiceLoader.load(TransportProvider.class)) {
            names.add(provider.name() + "=" + provider.create().getClass().getSimpleName());
        }
        assertThat(names).contains("feign=FeignTransport");
        assertThat(FeignTransport.create().name()).isEqualTo("feign");
    }

    @Test
    void rejectsTimeoutsThatAreNotPositive() {
        assertThatThrownBy(() -> FeignTransport.builder().connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> FeignTransport.builder().readTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTimeout");
    }

    @Test
    void aNullBuilderInputThrowsNullPointerExceptionNamingTheParameter() {
        assertThatThrownBy(() -> FeignTransport.builder().client(null))
                .isInstanceOf(NullPointerException.class).hasMessage("client == null");
        assertThatThrownBy(() -> FeignTransport.builder().connectTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessage("connectTimeout == null");
        assertThatThrownBy(() -> FeignTransport.builder().requestInterceptor(null))
                .isInstanceOf(NullPointerException.class).hasMessage("requestInterceptor == null");
    }

    // ------------------------------------------------------------------ the request as core built it

    @Test
    void sendsTheRequestAsBuiltHeadersBodyAndEncodedPathIncluded() {
        String path = "/piirequest/a%2F..%2Fpass/evidence/x%2Ey";
        byte[] body = "{\"walletAddress\":\"0x1\"}".getBytes(StandardCharsets.UTF_8);
        try (TransportConnection connection = FeignTransport.create().connect(SETTINGS)) {
            HttpRequest post = request(HttpMethod.POST, URI.create(fake.apiUrl() + path))
                    .header("Authorization", "Bearer t0ken")
                    .header("X-Braces", "{not-a-template}")
                    .body(body, "application/json")
                    .build();
            blocking(connection).execute(post);
            async(connection).execute(post).join();
        }
        assertThat(fake.journal().all()).hasSize(2).allSatisfy(received -> {
            assertThat(received.method()).isEqualTo("POST");
            assertThat(received.path()).isEqualTo("/partner" + path);
            assertThat(received.header("Authorization")).contains("Bearer t0ken");
            assertThat(received.header("X-Braces")).contains("{not-a-template}");
            assertThat(received.header("User-Agent")).contains("civicpass-java/test (feign)");
            assertThat(received.header("Content-Type")).contains("application/json");
            assertThat(received.header(Credentials.REFERENCE_HEADER)).isEmpty();
            assertThat(received.body()).isEqualTo(body);
        });
    }

    @Test
    void aPathTheDefaultClientWouldResolveAsADotSegmentIsNotSent() {
        try (TransportConnection connection = FeignTransport.create().connect(SETTINGS)) {
            for (String path : List.of("/piirequest/%2E%2E", "/piirequest/%2e")) {
                HttpRequest climbing = request(HttpMethod.GET, URI.create(fake.apiUrl() + path)).build();
                for (TransportException failure : List.of(
                        transportFailure(() -> blocking(connection).execute(climbing)),
                        transportFailure(() -> async(connection).execute(climbing).join()))) {
                    assertThat(failure.mayHaveBeenSent()).isFalse();
                }
            }
        }
        assertThat(fake.journal().size()).isZero();
    }

    @Test
    void feignNeverRepeatsAFailedRequest() {
        RequestMatcher issues = RequestMatcher.of("POST", "/partner/pass/*/*");
        HttpRequest issue = request(HttpMethod.POST, issueUrl())
                .body("{}".getBytes(StandardCharsets.UTF_8), "application/json").build();
        try (TransportConnection connection = FeignTransport.create().connect(SETTINGS)) {
            fake.inject(Fault.status(503).withRetryAfter("0"), issues);
            HttpResponse unavailable = blocking(connection).execute(issue);
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.headers().first("Retry-After")).contains("0");
            assertThat(fake.journal().count(issues)).isEqualTo(1);

            // Feign's default retryer would repeat this one: an I/O failure is a RetryableException.
            fake.inject(Fault.connectionReset(), issues);
            TransportException reset = transportFailure(() -> blocking(connection).execute(issue));
            assertThat(reset.kind()).isEqualTo(TransportException.Kind.IO);
            assertThat(reset.mayHaveBeenSent()).isTrue();
            assertThat(fake.journal().count(issues)).isEqualTo(2);

            fake.inject(Fault.connectionReset(), issues);
            TransportException resetAsync = transportFailure(() -> async(connection).execute(issue).join());
            assertThat(resetAsync.kind()).isEqualTo(TransportException.Kind.IO);
            assertThat(resetAsync.mayHaveBeenSent()).isTrue();
            assertThat(fake.journal().count(issues)).isEqualTo(3);
        }
    }

    @Test
    void aGetWhoseConnectionClosesBeforeTheResponseIsNotRepeatedByTheDefaultClient() {
        HttpRequest retrieve = request(HttpMethod.GET, passUrl()).build();
        try (TransportConnection connection = FeignTransport.create().connect(SETTINGS)) {
            blocking(connection).execute(retrieve); // leaves a pooled connection, which the JDK would retry on
            fake.journal().clear();

            fake.inject(Fault.connectionReset(), RETRIEVES);
            assertThat(transportFailure(() -> blocking(connection).execute(retrieve)).kind())
                    .isEqualTo(TransportException.Kind.IO);
            assertThat(fake.journal().count(RETRIEVES)).isEqualTo(1);

            fake.inject(Fault.connectionReset(), RETRIEVES);
            assertThat(transportFailure(() -> async(connection).execute(retrieve).join()).kind())
                    .isEqualTo(TransportException.Kind.IO);
            assertThat(fake.journal().count(RETRIEVES)).isEqualTo(2);

            // The next GET goes through normally: only the repeat is refused.
            assertThat(blocking(connection).execute(retrieve).status()).isBetween(200, 499);
            assertThat(fake.journal().count(RETRIEVES)).isEqualTo(3);
        }
    }

    @Test
    void aRedirectIsHandedBackAsItCame() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger followed = new AtomicInteger();
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/elsewhere", exchange -> {
            followed.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try (TransportConnection connection = FeignTransport.create().connect(SETTINGS)) {
            HttpRequest moved = request(HttpMethod.GET,
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/moved")).build();
            assertThat(blocking(connection).execute(moved).status()).isEqualTo(302);
            HttpResponse asyncAnswer = async(connection).execute(moved).join();
            assertThat(asyncAnswer.status()).isEqualTo(302);
            assertThat(asyncAnswer.headers().first("location")).contains("/elsewhere");
        } finally {
            server.stop(0);
        }
        assertThat(followed).hasValue(0);
    }

    // ------------------------------------------------------------------ logging

    /** A Feign logger that keeps every line. */
    private static final class CollectingLogger extends Logger {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected void log(String configKey, String format, Object... args) {
            lines.add(String.format(format, args));
        }

        String text() {
            return String.join("\n", lines);
        }
    }

    @Test
    void theLoggerNeverSeesCredentialsTokensOrPersonalData() {
        CollectingLogger logger = new CollectingLogger();
        String scopeRequestId = fake.seedPii(PiiSeed.idDocument());
        try (CivicPassClient client = client(FeignTransport.builder().logger(logger, Logger.Level.FULL).build())) {
            client.issue(KEY);
            PiiRequest pii = client.async().pii(scopeRequestId).toCompletableFuture().join();
            assertThat(pii.toString()).isNotEmpty();
        }
        String log = logger.text();
        String token = fake.journal().apiRequests().get(0).header("Authorization").orElseThrow();
        assertThat(log)
                .contains("POST " + fake.tokenUrl())
                .contains("GET " + fake.apiUrl() + "/piirequest/")
                .doesNotContain("walletAddress") // FULL logs as HEADERS: no body at all
                .doesNotContain(token.substring("Bearer ".length()))
                .doesNotContain(fake.config().credentials().clientSecret())
                .doesNotContain("Authorization")
                .doesNotContain("access_token")
                .doesNotContain("Jane Quinn Doe");
    }

    @Test
    void fullLoggingPrintsNoBodyNotEvenAnErrorsBody() {
        CollectingLogger logger = new CollectingLogger();
        RequestMatcher any = RequestMatcher.any();
        try (TransportConnection connection = FeignTransport.builder().logger(logger, Logger.Level.FULL).build()
                .connect(SETTINGS)) {
            HttpRequest sensitive = request(HttpMethod.POST, URI.create(fake.apiUrl() + "/piirequest/x"))
                    .header("Authorization", "Bearer secret-token-1")
                    .body("{\"name\":\"secret-body-1\"}".getBytes(StandardCharsets.UTF_8), "application/json")
                    .sensitive(true)
                    .build();
            fake.inject(Fault.status(400).withBody("{\"message\":\"echoed Jane Quinn Doe\"}"), any);
            assertThat(blocking(connection).execute(sensitive).status()).isEqualTo(400);
            fake.inject(Fault.status(400).withBody("{\"message\":\"echoed Jane Quinn Doe\"}"), any);
            assertThat(async(connection).execute(sensitive).join().status()).isEqualTo(400);

            HttpRequest plain = request(HttpMethod.POST, URI.create(fake.apiUrl() + "/pass/x"))
                    .header("Authorization", "Bearer secret-token-2")
                    .body("{\"note\":\"plain-body-1\"}".getBytes(StandardCharsets.UTF_8), "application/json")
                    .build();
            fake.inject(Fault.status(400).withBody("{\"message\":\"plain-error-1 echoed secret-token-2\"}"), any);
            assertThat(blocking(connection).execute(plain).status()).isEqualTo(400);
        }
        assertThat(logger.text())
                .contains("POST " + fake.apiUrl() + "/pass/x", "HTTP/1.1 400") // headers are logged
                .doesNotContain("plain-body-1", "plain-error-1") // bodies are not, even of plain requests
                .doesNotContain("secret-token-1", "secret-token-2", "secret-body-1", "Jane Quinn Doe", "Authorization");
    }

    // ------------------------------------------------------------------ deadlines and failures

    /** Waits, up to a bound, for a condition another thread (or the clock) brings about. */
    private static void awaitCondition(Duration bound, BooleanSupplier condition) throws InterruptedException {
        await().atMost(bound).pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
    }

    @Test
    void aRequestWhoseDeadlinePassedIsNeverSent() throws InterruptedException {
        HttpRequest late = request(HttpMethod.POST, issueUrl()).timeout(Duration.ofMillis(1))
                .body("{}".getBytes(StandardCharsets.UTF_8), "application/json").build();
        awaitCondition(Duration.ofSeconds(1), late::expired);
        try (TransportConnection connection = FeignTransport.create().connect(SETTINGS)) {
            for (TransportException failure : List.of(
                    transportFailure(() -> blocking(connection).execute(late)),
                    transportFailure(() -> async(connection).execute(late).join()))) {
                assertThat(failure.kind()).isEqualTo(TransportException.Kind.TIMEOUT);
                assertThat(failure.mayHaveBeenSent()).isFalse();
            }
        }
        assertThat(fake.journal().size()).isZero();
    }

    @Test
    void aRefusedConnectionIsReportedAsNotSentWithoutTheQueryOrHeaderValues() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        HttpRequest refused = request(HttpMethod.GET, URI.create("http://127.0.0.1:" + port + "/pass?secret=q-1"))
                .header("Authorization", "Bearer h-1").build();
        try (TransportConnection connection = FeignTransport.create().connect(SETTINGS)) {
            for (TransportException failure : List.of(
                    transportFailure(() -> blocking(connection).execute(refused)),
                    transportFailure(() -> async(connection).execute(refused).join()))) {
                assertThat(failure.kind()).isEqualTo(TransportException.Kind.CONNECT);
                assertThat(failure.mayHaveBeenSent()).isFalse();
                assertThat(failure.getMessage()).doesNotContain("q-1", "h-1", "secret");
            }
        }
    }

    @Test
    void aReadTimeoutOverrideBoundsTheWaitForAResponse() {
        HttpRequest retrieve = request(HttpMethod.GET, passUrl()).build();
        FeignTransport transport = FeignTransport.builder().readTimeout(Duration.ofMillis(200)).build();
        try (TransportConnection connection = transport.connect(SETTINGS)) {
            fake.inject(Fault.latency(Duration.ofSeconds(3)), RETRIEVES, 2);
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                for (TransportException failure : List.of(
                        transportFailure(() -> blocking(connection).execute(retrieve)),
                        transportFailure(() -> async(connection).execute(retrieve).join()))) {
                    assertThat(failure.kind()).isEqualTo(TransportException.Kind.TIMEOUT);
                    assertThat(failure.mayHaveBeenSent()).isTrue();
                }
            });
        }
    }

    @Test
    void theRequestsDeadlineBoundsTheWholeExchangeNotJustTheHeaders() throws Exception {
        // The fake answers whole or not at all; a body that stalls after the headers needs a raw socket.
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        held.add(socket);
                        socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 100\r\n\r\n{\"access_token\":").getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "stalling-server");
            acceptor.setDaemon(true);
            acceptor.start();
            URI stalling = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/oauth/token");
            try (TransportConnection connection = FeignTransport.create().connect(SETTINGS)) {
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                    for (TransportException failure : List.of(
                            transportFailure(() -> blocking(connection).execute(
                                    request(HttpMethod.GET, stalling).timeout(Duration.ofMillis(300)).build())),
                            transportFailure(() -> async(connection).execute(
                                    request(HttpMethod.GET, stalling).timeout(Duration.ofMillis(300)).build()).join()))) {
                        assertThat(failure.kind()).isEqualTo(TransportException.Kind.TIMEOUT);
                        assertThat(failure.mayHaveBeenSent()).isTrue();
                    }
                });
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void cancellingTheFutureAbandonsTheExchange() throws InterruptedException {
        try (TransportConnection connection = FeignTransport.create().connect(SETTINGS)) {
            fake.inject(Fault.latency(Duration.ofSeconds(3)), RETRIEVES);
            CompletableFuture<HttpResponse> pending = async(connection).execute(request(HttpMethod.GET, passUrl()).build());
            awaitCondition(Duration.ofSeconds(5), () -> fake.journal().count(RETRIEVES) == 1);
            assertThat(pending.cancel(true)).isTrue();
            assertThat(pending).isCancelled();
        }
    }

    // ------------------------------------------------------------------ threads

    private static List<Thread> liveThreadsNamed(String prefix) {
        List<Thread> found = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith(prefix)) {
                found.add(thread);
            }
        }
        return found;
    }

    @Test
    void theDefaultAsyncFaceRunsCallsInFlightOnTheClientsOwnThreadsAsManyPerHostAsTheSettingsAllow()
            throws InterruptedException {
        int calls = 8;
        TransportSettings four = TransportSettings.builder().connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(30)).maxConnections(4).build();
        try (TransportConnection connection = FeignTransport.create().connect(four)) {
            fake.inject(Fault.latency(Duration.ofSeconds(3)), RETRIEVES, calls);
            List<CompletableFuture<HttpResponse>> inFlight = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                inFlight.add(async(connection).execute(request(HttpMethod.GET, passUrl())
                        .timeout(Duration.ofSeconds(30)).build()));
            }
            // Every call was handed back at once; four run, the others wait in the dispatcher's queue.
            assertThat(inFlight).noneMatch(CompletableFuture::isDone);
            awaitCondition(Duration.ofSeconds(10), () -> fake.journal().count(RETRIEVES) == 4);
            // Threads inside a call: only the dispatcher's (OkHttp names each after the call's
            // origin while it runs one), one per call running; no caller's thread waits.
            List<String> inACall = new ArrayList<>();
            List<String> elsewhere = new ArrayList<>();
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                List<String> frames = Arrays.stream(stack).map(StackTraceElement::getClassName).toList();
                if (thread == Thread.currentThread() || thread.getName().startsWith("fake-civic-")) {
                    return;
                }
                if (frames.contains("okhttp3.internal.connection.RealCall$AsyncCall")) {
                    inACall.add(thread.getName());
                } else if (frames.stream().anyMatch(name -> name.startsWith("feign.") || name.startsWith("io.civicpass."))) {
                    elsewhere.add(thread.getName());
                }
            });
            assertThat(fake.journal().count(RETRIEVES)).isEqualTo(4); // the next four wait for the first three seconds
            assertThat(inACall).hasSize(4).allSatisfy(name -> assertThat(name).doesNotContain("/partner"));
            assertThat(elsewhere).isEmpty();
            assertThat(inFlight).allSatisfy(call -> assertThat(call.join().status()).isBetween(200, 499));
            assertThat(fake.journal().count(RETRIEVES)).isEqualTo(calls);
        }
    }

    @Test
    void aRequestWhoseDeadlinePassesInTheDispatchersQueueIsReportedAsNotSentAndNeverSent() {
        TransportSettings one = TransportSettings.builder().connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(30)).maxConnections(1).build();
        try (TransportConnection connection = FeignTransport.create().connect(one)) {
            fake.inject(Fault.latency(Duration.ofSeconds(2)), RETRIEVES);
            CompletableFuture<HttpResponse> first = async(connection).execute(request(HttpMethod.GET, passUrl())
                    .timeout(Duration.ofSeconds(20)).build());
            awaitRequests(RETRIEVES, 1);
            CompletableFuture<HttpResponse> queued = async(connection).execute(request(HttpMethod.GET, passUrl())
                    .timeout(Duration.ofMillis(300)).build());
            TransportException failure = transportFailure(queued::join);
            assertThat(failure.kind()).isEqualTo(TransportException.Kind.TIMEOUT);
            assertThat(failure.mayHaveBeenSent()).isFalse();
            assertThat(first.join().status()).isBetween(200, 499);
            // Once the first call is answered the dispatcher would run the queued one: it must not be written.
            assertThat(blocking(connection).execute(request(HttpMethod.GET, passUrl()).build()).status())
                    .isBetween(200, 499);
            assertThat(fake.journal().count(RETRIEVES)).isEqualTo(2);
        }
    }

    private static void awaitRequests(RequestMatcher matcher, int count) {
        try {
            awaitCondition(Duration.ofSeconds(10), () -> fake.journal().count(matcher) >= count);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    @Test
    void closingReleasesTheDefaultClientsThreadsWithoutWaitingForGarbageCollection() throws InterruptedException {
        int baseline = liveThreadsNamed(OwnedOkHttpClient.THREAD_PREFIX).size();
        int mostSeen = baseline;
        for (int i = 0; i < 20; i++) {
            TransportConnection connection = FeignTransport.create().connect(SETTINGS);
            HttpRequest retrieve = request(HttpMethod.GET, passUrl()).build();
            blocking(connection).execute(retrieve);
            async(connection).execute(retrieve).join(); // completes on the client's executor
            mostSeen = Math.max(mostSeen, liveThreadsNamed(OwnedOkHttpClient.THREAD_PREFIX).size());
            connection.close();
            connection.close(); // idempotent
            assertThat(transportFailure(() -> blocking(connection).execute(retrieve)).mayHaveBeenSent()).isFalse();
        }
        assertThat(mostSeen).as("the clients ran on their own executors").isGreaterThan(baseline);
        awaitCondition(Duration.ofSeconds(2), () -> liveThreadsNamed(OwnedOkHttpClient.THREAD_PREFIX).size() <= baseline);
    }
}
