package io.civicpass.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import feign.Capability;
import feign.Client;
import feign.Logger;
import feign.Request;
import feign.RequestInterceptor;
import feign.Response;
import feign.http2client.Http2Client;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.error.CivicTransportException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.error.ServerException;
import io.civicpass.model.AccessToken;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.PiiRequest;
import io.civicpass.port.Transport;
import io.civicpass.port.TransportConnection;
import io.civicpass.port.TransportContext;
import io.civicpass.port.TransportProvider;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.PiiSeed;
import io.civicpass.testkit.RecordedRequest;
import io.civicpass.testkit.RequestMatcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * setup a user can hand over, and the Feign defaults it must not keep (retries, logging of
 * secrets), checked against the fake Civic API.
 */
class FeignTransportTest {

    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
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

    private static TransportContext context(URI apiUrl, URI tokenUrl) {
        CivicPassConfig config = fake.config();
        return new TransportContext(apiUrl, tokenUrl, config.credentials(), config.tokenRequestStyle(),
                config.audience().orElse(null), Duration.ofSeconds(2), Duration.ofSeconds(5),
                "civicpass-java/test (feign)", Clock.systemUTC());
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

    @Test
    void sendsEveryRequestThroughTheHandedOverClientWithTheInterceptorsHeader() {
        CountingClient counting = new CountingClient();
        RequestInterceptor tenant = template -> template.header("X-Tenant", "acme");
        try (CivicPassClient client = client(FeignTransport.builder().client(counting).requestInterceptor(tenant).build())) {
            client.issue(KEY);
            client.freeze(KEY);
            assertThat(client.get(KEY).state()).isEqualTo(PassState.FROZEN);
        }
        List<RecordedRequest> received = fake.journal().all();
        assertThat(received).hasSize(4); // token, issue, freeze, get
        assertThat(counting.requests).hasValue(4);
        assertThat(counting.authorized).hasValue(4);
        assertThat(received).allSatisfy(request -> assertThat(request.header("X-Tenant")).contains("acme"));
        assertThat(received).extracting(RecordedRequest::method).containsExactly("POST", "POST", "PATCH", "GET");
    }

    @Test
    void runsAHandedOverBlockingClientForTheAsyncFaceToo() {
        CountingClient counting = new CountingClient();
        try (CivicPassClient client = client(FeignTransport.builder().client(counting).build())) {
            Pass issued = client.async().issue(KEY).toCompletableFuture().join();
            Page<Pass> page = client.async().list(PassQuery.all()).toCompletableFuture().join();
            assertThat(page.items()).extracting(Pass::key).contains(issued.key());
        }
        assertThat(counting.requests).hasValue(3); // token, issue, list
        assertThat(fake.journal().size()).isEqualTo(3);
    }

    /** Sees every request Feign hands to the client, as a metrics or tracing capability would. */
    public static final class ObservingCapability implements Capability {
        final AtomicInteger seen = new AtomicInteger();
        final List<String> authorizationSeen = new CopyOnWriteArrayList<>();

        @Override
        public Client enrich(Client client) {
            return (request, options) -> {
                seen.incrementAndGet();
                authorizationSeen.addAll(request.headers().getOrDefault("Authorization", List.of()));
                return client.execute(request, options);
            };
        }
    }

    @Test
    void aCapabilityWrapsTheClientOutsideTheCredentialSoItNeverSeesTheToken() {
        ObservingCapability observing = new ObservingCapability();
        AtomicInteger seen = observing.seen;
        List<String> authorizationSeen = observing.authorizationSeen;
        try (CivicPassClient client = client(FeignTransport.builder().capability(observing).build())) {
            client.issue(KEY);
        }
        assertThat(seen).hasValue(2);
        assertThat(authorizationSeen).isEmpty();
        assertThat(fake.journal().all()).allSatisfy(request -> {
            assertThat(request.header("Authorization")).isPresent();
            assertThat(request.header(Credentials.REFERENCE_HEADER)).isEmpty();
        });
    }

    @Test
    void feignNeverRepeatsAnIssueThatFailed() {
        RequestMatcher issues = RequestMatcher.of("POST", "/partner/pass/*/*");
        try (TransportConnection connection = FeignTransport.create().connect(context(fake.apiUrl(), fake.tokenUrl()))) {
            AccessToken token = connection.tokenSource().fetch();

            fake.inject(Fault.status(503).withRetryAfter("0"), issues);
            assertThatThrownBy(() -> connection.gateway().issue(token, KEY)).isInstanceOf(ServerException.class);
            assertThat(fake.journal().count(issues)).isEqualTo(1);

            // Feign's default retryer would repeat this one: an I/O failure is a RetryableException.
            fake.inject(Fault.connectionReset(), issues);
            assertThatThrownBy(() -> connection.gateway().issue(token, KEY))
                    .isInstanceOfSatisfying(CivicTransportException.class,
                            failure -> assertThat(failure.kind()).isEqualTo(CivicTransportException.Kind.IO));
            assertThat(fake.journal().count(issues)).isEqualTo(2);

            fake.inject(Fault.connectionReset(), issues);
            assertThatThrownBy(() -> connection.asyncGateway().issue(token, KEY).toCompletableFuture().join())
                    .cause().isInstanceOf(CivicTransportException.class);
            assertThat(fake.journal().count(issues)).isEqualTo(3);
        }
    }

    @Test
    void aGetWhoseConnectionClosesBeforeTheResponseIsNotRepeatedByTheJdkClient() {
        RequestMatcher retrieves = RequestMatcher.of("GET", "/partner/pass/**");
        try (TransportConnection connection = FeignTransport.create().connect(context(fake.apiUrl(), fake.tokenUrl()))) {
            AccessToken token = connection.tokenSource().fetch(); // leaves a pooled connection, which the JDK would retry on

            fake.inject(Fault.connectionReset(), retrieves);
            assertThatThrownBy(() -> connection.gateway().retrieve(token, KEY))
                    .isInstanceOfSatisfying(CivicTransportException.class,
                            failure -> assertThat(failure.kind()).isEqualTo(CivicTransportException.Kind.IO));
            assertThat(fake.journal().count(retrieves)).isEqualTo(1);

            fake.inject(Fault.connectionReset(), retrieves);
            assertThatThrownBy(() -> connection.asyncGateway().retrieve(token, KEY).toCompletableFuture().join())
                    .cause().isInstanceOfSatisfying(CivicTransportException.class,
                            failure -> assertThat(failure.kind()).isEqualTo(CivicTransportException.Kind.IO));
            assertThat(fake.journal().count(retrieves)).isEqualTo(2);

            // The next GET goes through normally: only the repeat is refused.
            fake.seedPass(KEY, PassState.ACTIVE);
            assertThat(connection.gateway().retrieve(token, KEY).key()).isEqualTo(KEY);
            assertThat(fake.journal().count(retrieves)).isEqualTo(3);
        }
    }

    @Test
    void theLoggerNeverSeesCredentialsTokensOrPersonalData() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger logger = new Logger() {
            @Override
            protected void log(String configKey, String format, Object... args) {
                lines.add(String.format(format, args));
            }
        };
        String scopeRequestId = fake.seedPii(PiiSeed.idDocument());
        AccessToken token;
        try (TransportConnection connection = FeignTransport.builder().logger(logger, Logger.Level.FULL).build()
                .connect(context(fake.apiUrl(), fake.tokenUrl()))) {
            token = connection.tokenSource().fetch();
            connection.gateway().issue(token, KEY);
            PiiRequest pii = connection.asyncGateway().pii(token, scopeRequestId).toCompletableFuture().join();
            assertThat(pii.toString()).isNotEmpty();
        }
        String log = String.join("\n", lines);
        CivicPassConfig config = fake.config();
        assertThat(log)
                .contains("POST " + fake.tokenUrl())
                .contains("GET " + fake.apiUrl() + "/piirequest/")
                .contains("walletAddress") // the issue body: FULL logs bodies that hold no secrets
                .doesNotContain(token.value())
                .doesNotContain(config.credentials().clientSecret())
                .doesNotContain("Authorization")
                .doesNotContain("Jane Quinn Doe");
    }

    @Test
    void aReadTimeoutOverrideBoundsTheWaitForAResponse() {
        RequestMatcher retrieves = RequestMatcher.of("GET", "/partner/pass/**");
        AccessToken token;
        try (TransportConnection connection = FeignTransport.create().connect(context(fake.apiUrl(), fake.tokenUrl()))) {
            token = connection.tokenSource().fetch();
        }
        FeignTransport transport = FeignTransport.builder().readTimeout(Duration.ofMillis(200)).build();
        try (TransportConnection connection = transport.connect(context(fake.apiUrl(), fake.tokenUrl()))) {
            fake.inject(Fault.latency(Duration.ofSeconds(3)), retrieves, 2);
            assertThatThrownBy(() -> connection.gateway().retrieve(token, KEY))
                    .isInstanceOfSatisfying(CivicTransportException.class,
                            failure -> assertThat(failure.kind()).isEqualTo(CivicTransportException.Kind.TIMEOUT));
            assertThatThrownBy(() -> connection.asyncGateway().retrieve(token, KEY).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(CivicTransportException.class,
                            failure -> assertThat(failure.kind()).isEqualTo(CivicTransportException.Kind.TIMEOUT));
        }
    }

    @Test
    void theRequestTimeoutBoundsTheWholeExchangeNotJustTheHeaders() throws Exception {
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
            URI base = URI.create("http://127.0.0.1:" + server.getLocalPort());
            FeignTransport transport = FeignTransport.builder().readTimeout(Duration.ofMillis(300)).build();
            try (TransportConnection connection = transport.connect(context(base.resolve("/partner"), base.resolve("/oauth/token")))) {
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                    assertThatThrownBy(() -> connection.tokenSource().fetch())
                            .isInstanceOfSatisfying(CivicTransportException.class,
                                    failure -> assertThat(failure.kind()).isEqualTo(CivicTransportException.Kind.TIMEOUT));
                    assertThatThrownBy(() -> connection.tokenSource().fetchAsync().toCompletableFuture().join())
                            .cause().isInstanceOfSatisfying(CivicTransportException.class,
                                    failure -> assertThat(failure.kind()).isEqualTo(CivicTransportException.Kind.TIMEOUT));
                });
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void percentEncodedPathsReachTheServerAsSent() {
        try (TransportConnection connection = FeignTransport.create().connect(context(fake.apiUrl(), fake.tokenUrl()))) {
            AccessToken token = connection.tokenSource().fetch();
            String path = "/piirequest/a%2F..%2Fpass/evidence/%2E%2E";
            // No such PII request: the point is where the request went, not the answer.
            assertThatThrownBy(() -> connection.gateway().download(token, path)).isInstanceOf(PassNotFoundException.class);
            assertThatThrownBy(() -> connection.asyncGateway().download(token, path).toCompletableFuture().join())
                    .cause().isInstanceOf(PassNotFoundException.class);
        }
        assertThat(fake.journal().apiRequests()).extracting(RecordedRequest::path)
                .containsExactly("/partner" + "/piirequest/a%2F..%2Fpass/evidence/%2E%2E",
                        "/partner" + "/piirequest/a%2F..%2Fpass/evidence/%2E%2E");
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
    void closingAConnectionLeavesAHandedOverClientUsable() {
        CountingClient counting = new CountingClient();
        FeignTransport transport = FeignTransport.builder().client(counting).build();
        try (CivicPassClient first = client(transport)) {
            first.async().issue(KEY).toCompletableFuture().join();
        }
        try (CivicPassClient second = client(transport)) {
            assertThat(second.get(KEY).key()).isEqualTo(KEY);
        }
        assertThat(counting.requests).hasValue(4);
    }

    private static List<Thread> liveThreadsNamed(String prefix) {
        List<Thread> found = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith(prefix)) {
                found.add(thread);
            }
        }
        return found;
    }

    /** Waits, up to a bound, for a condition another thread brings about. */
    private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 10 s").isTrue();
    }

    @Test
    void theDefaultAsyncFaceParksNoThreadPerCallInFlight() throws InterruptedException {
        int calls = 24;
        RequestMatcher retrieves = RequestMatcher.of("GET", "/partner/pass/**");
        fake.seedPass(KEY, PassState.ACTIVE);
        try (TransportConnection connection = FeignTransport.create().connect(context(fake.apiUrl(), fake.tokenUrl()))) {
            AccessToken token = connection.tokenSource().fetch();
            fake.inject(Fault.latency(Duration.ofSeconds(1)), retrieves, calls);
            List<CompletableFuture<Pass>> inFlight = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                inFlight.add(connection.asyncGateway().retrieve(token, KEY).toCompletableFuture());
            }
            awaitCondition(() -> fake.journal().count(retrieves) == calls); // all sent, none answered yet
            // Every request is out and unanswered: no thread may be waiting inside Feign or the library.
            List<String> waitingInACall = new ArrayList<>();
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                boolean inACall = Arrays.stream(stack).map(StackTraceElement::getClassName)
                        .anyMatch(name -> name.startsWith("feign.") || name.startsWith("io.civicpass."));
                if (inACall && thread != Thread.currentThread() && !thread.getName().startsWith("fake-civic-")) {
                    waitingInACall.add(thread.getName());
                }
            });
            assertThat(inFlight).noneMatch(CompletableFuture::isDone);
            assertThat(waitingInACall).isEmpty();
            assertThat(inFlight).allSatisfy(call -> assertThat(call.join().key()).isEqualTo(KEY));
        }
    }

    @Test
    void closingTheConnectionStopsTheThreadsItRanABlockingClientOn() throws InterruptedException {
        CountingClient counting = new CountingClient();
        TransportConnection connection = FeignTransport.builder().client(counting).build()
                .connect(context(fake.apiUrl(), fake.tokenUrl()));
        AccessToken token = connection.tokenSource().fetchAsync().toCompletableFuture().join();
        connection.asyncGateway().list(token, PassQuery.all()).toCompletableFuture().join();
        assertThat(counting.requests).hasValue(2);
        assertThat(liveThreadsNamed("civicpass-feign-")).isNotEmpty(); // idle in the pool, for a minute unless closed
        connection.close();
        awaitCondition(() -> liveThreadsNamed("civicpass-feign-").isEmpty());
        connection.close(); // idempotent
    }

    @Test
    void rejectsTimeoutsThatAreNotPositive() {
        assertThatThrownBy(() -> FeignTransport.builder().connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> FeignTransport.builder().readTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTimeout");
    }
}
