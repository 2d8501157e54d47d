package io.civicpass.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.RetryPolicy;
import io.civicpass.error.AuthenticationException;
import io.civicpass.error.CivicApiException;
import io.civicpass.error.CivicTransportException;
import io.civicpass.error.InvalidRequestException;
import io.civicpass.error.InvalidResponseException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.error.RateLimitedException;
import io.civicpass.error.ServerException;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.ClientCredentials;
import io.civicpass.model.EventType;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiRequest;
import io.civicpass.model.PiiStatus;
import io.civicpass.model.TokenRequestStyle;
import io.civicpass.model.WalletAddress;
import io.civicpass.port.Transport;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.PiiSeed;
import io.civicpass.testkit.RecordedRequest;
import io.civicpass.testkit.RequestMatcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every transport must meet, run against a {@link FakeCivic}: extend it and say how
 * to create your transport.
 *
 * <pre>{@code
 * class FeignTransportContractTest extends TransportContract {
 *     protected Transport createTransport() {
 *         return FeignTransport.create();
 *     }
 * }
 * }</pre>
 *
 * <p>One fake is started per test class (over HTTP, on loopback) and reset before each test.
 * Each test builds its clients through the transport (one {@link #createTransport()} call per
 * client) and closes them afterwards. Most tests run twice, through the blocking client and
 * through the non-blocking one ({@code buildAsync()}). Covered: the pass lifecycle with
 * confirmation, not-found handling, list paging and filters, lazy pagination and a failing page,
 * PII review and evidence, token reuse, both token request styles, token expiry and 401
 * recovery, the mapping of every fault kind to the library's exceptions, retries per policy,
 * one pass per issue even when the response is lost, bounded timeouts, 32-way concurrency,
 * validation before any request, links outside the API base refused, redirects not followed, no
 * silent retries by the HTTP library (after a dropped connection or a 503 with {@code Retry-After: 0}),
 * cancelling an asynchronous call mid-exchange, no secret in any exception, and the {@code User-Agent}.
 * The suite needs {@code junit-jupiter-params} and {@code assertj-core} on the test classpath.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TransportContract {

    /** How long the suite waits for confirmations; the fake confirms within a fraction of it. */
    protected static final Duration CONFIRMATION_TIMEOUT = Duration.ofSeconds(10);

    private FakeCivic fake;
    private final List<AutoCloseable> clients = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger wallets = new AtomicInteger();

    /**
     * Creates the transport under test. Called once for each client the suite builds.
     *
     * @return a new transport
     */
    protected abstract Transport createTransport();

    /**
     * Starts the fake the suite runs against; override to change its settings. The default
     * confirms actions after 100 ms.
     *
     * @return a running fake
     */
    protected FakeCivic startFake() {
        return FakeCivic.builder().confirmationDelay(Duration.ofMillis(100)).start();
    }

    /**
     * The fake of this test class.
     *
     * @return the running fake
     */
    protected final FakeCivic fake() {
        return fake;
    }

    /** The two client faces each test runs through. */
    protected enum Mode {
        /** The blocking {@link CivicPassClient}. */
        SYNC,
        /** The non-blocking {@link CivicPassAsyncClient}, built with {@code buildAsync()}. */
        ASYNC
    }

    /** Starts the fake. */
    @BeforeAll
    final void startTheFake() {
        fake = startFake();
    }

    /** Stops the fake. */
    @AfterAll
    final void stopTheFake() {
        if (fake != null) {
            fake.close();
        }
    }

    /** Gives each test a fresh fake. */
    @BeforeEach
    final void resetTheFake() {
        fake.reset();
        failures.clear();
    }

    /**
     * Closes the test's clients and checks that no failure it provoked shows the client secret or
     * an access token.
     *
     * @throws Exception when a client fails to close
     */
    @AfterEach
    final void closeClientsAndCheckSecrets() throws Exception {
        List<AutoCloseable> open;
        synchronized (clients) {
            open = new ArrayList<>(clients);
            clients.clear();
        }
        for (AutoCloseable client : open) {
            client.close();
        }
        Set<String> secrets = new HashSet<>();
        secrets.add(CivicPassConfig.SANDBOX_CREDENTIALS.clientSecret());
        for (RecordedRequest request : fake.journal().all()) {
            request.header("Authorization").filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                    .map(value -> value.substring(7).trim()).ifPresent(secrets::add);
        }
        synchronized (failures) {
            for (Throwable failure : failures) {
                assertNoSecretIn(failure, secrets);
            }
        }
    }

    // ================================================================================ lifecycle

    /**
     * Issue, confirm, freeze, unfreeze, move the expiry, force a refresh, revoke, and find issuing
     * again refused.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void fullLifecycle(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, WalletAddress.toChecksumAddress(nextEvmWallet()));

        Pass issued = civic.issue(key);
        assertThat(issued.walletAddress()).isEqualToIgnoringCase(key.wallet().value());
        assertThat(issued.state()).isEqualTo(PassState.ACTIVE);
        assertThat(issued.hasEvent(EventType.TOKEN_ISSUED_INITIATED)).isTrue();
        assertThat(issued.isSettled()).isFalse();

        Pass confirmed = civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT);
        assertThat(confirmed.onChainState()).isEqualTo(PassState.ACTIVE);
        assertThat(confirmed.hasEvent(EventType.TOKEN_ISSUED)).isTrue();
        assertThat(confirmed.gatekeeperNetwork()).isEqualTo(FakeCivicDefaults.SANDBOX_NETWORK);

        civic.freeze(key);
        Pass frozen = civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT);
        assertThat(frozen.state()).isEqualTo(PassState.FROZEN);
        assertThat(frozen.onChainState()).isEqualTo(PassState.FROZEN);
        assertThat(frozen.hasEvent(EventType.TOKEN_FROZEN)).isTrue();

        civic.unfreeze(key);
        Pass unfrozen = civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT);
        assertThat(unfrozen.state()).isEqualTo(PassState.ACTIVE);
        assertThat(unfrozen.hasEvent(EventType.TOKEN_UNFROZEN)).isTrue();

        Instant expiry = Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        civic.expireAt(key, expiry);
        assertThat(civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT).hasEvent(EventType.TOKEN_EXPIRY_CHANGED)).isTrue();
        assertThat(fake.expiry(key)).contains(expiry);

        civic.forceRefresh(key);
        civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT);
        assertThat(fake.expiry(key)).hasValueSatisfying(refreshed ->
                assertThat(refreshed).isBetween(Instant.now(), Instant.now().plus(Duration.ofSeconds(30))));

        civic.revoke(key);
        Pass revoked = civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT);
        assertThat(revoked.state()).isEqualTo(PassState.REVOKED);
        assertThat(revoked.onChainState()).isEqualTo(PassState.REVOKED);
        assertThat(revoked.hasEvent(EventType.TOKEN_REVOKED)).isTrue();

        InvalidRequestException refused = expect(InvalidRequestException.class, () -> civic.issue(key));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(fake.passes()).hasSize(1);
    }

    /**
     * A Solana pass goes through issue and confirmation like an EVM one.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void solanaPass(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SOLANA_DEVNET, "4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ");
        civic.issue(key);
        Pass confirmed = civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT);
        assertThat(confirmed.walletAddress()).isEqualTo(key.wallet().value());
        assertThat(confirmed.network()).isEqualTo(ChainNetwork.SOLANA_DEVNET);
    }

    /**
     * A pass that does not exist is an empty {@code find} and a {@link PassNotFoundException}
     * from {@code get}.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void missingPass(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        assertThat(civic.find(key)).isEmpty();
        PassNotFoundException absent = expect(PassNotFoundException.class, () -> civic.get(key));
        assertThat(absent.status()).isEqualTo(404);
    }

    /**
     * Existing passes read back with their state and events.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void seededPassReadsBack(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.POLYGON_AMOY, nextEvmWallet());
        Pass seeded = fake.seedPass(key, PassState.FROZEN);
        Pass read = civic.get(key);
        assertThat(read).isEqualTo(seeded);
        assertThat(read.isSettled()).isTrue();
    }

    // ================================================================================ lists

    /**
     * Pages of three over seven passes, in creation order, and the state and wallet filters.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void listPagesAndFilters(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        List<PassKey> keys = seedPasses(7);

        Page<Pass> first = civic.list(PassQuery.all().withLimit(3));
        Page<Pass> second = civic.list(first.nextQuery());
        Page<Pass> third = civic.list(second.nextQuery());
        assertThat(first.hasNext()).isTrue();
        assertThat(second.hasNext()).isTrue();
        assertThat(third.hasNext()).isFalse();
        List<String> wallets = new ArrayList<>();
        for (Page<Pass> page : List.of(first, second, third)) {
            page.items().forEach(pass -> wallets.add(pass.walletAddress()));
        }
        assertThat(wallets).containsExactlyElementsOf(keys.stream().map(k -> k.wallet().value()).toList());

        assertThat(civic.list(PassQuery.all().withState(PassState.FROZEN)).items())
                .extracting(Pass::walletAddress)
                .containsExactly(keys.get(1).wallet().value(), keys.get(4).wallet().value());
        PassKey wanted = keys.get(5);
        assertThat(civic.list(PassQuery.all().withWallet(
                        WalletAddress.ethereum(wanted.wallet().value().toUpperCase(Locale.ROOT).replace("0X", "0x"))))
                .items())
                .extracting(Pass::walletAddress).containsExactly(wanted.wallet().value());
        assertThat(civic.list(PassQuery.all().withSkip(50)).items()).isEmpty();
    }

    /** {@code stream} and {@code iterate} walk every page lazily, in order. */
    @Test
    void streamsAcrossPages() {
        CivicPassClient civic = syncClient(UnaryOperator.identity());
        List<String> expected = seedPasses(7).stream().map(k -> k.wallet().value()).toList();
        fake.journal().clear();

        assertThat(civic.stream(PassQuery.all().withLimit(2)).map(Pass::walletAddress).toList())
                .containsExactlyElementsOf(expected);
        assertThat(fake.journal().count(RequestMatcher.of("POST", "/partner/pass"))).isEqualTo(4);

        List<String> iterated = new ArrayList<>();
        civic.iterate(PassQuery.all().withLimit(3)).forEach(pass -> iterated.add(pass.walletAddress()));
        assertThat(iterated).containsExactlyElementsOf(expected);
    }

    /** A page that fails ends the stream with the page's own exception, not a wrapper. */
    @Test
    void failingPageSurfacesTypedException() {
        CivicPassClient civic = syncClient(config -> config.retryPolicy(RetryPolicy.none()));
        seedPasses(5);
        fake.inject(Fault.status(403), RequestMatcher.of("POST", "/partner/pass")
                .and(RequestMatcher.where("second page", r -> r.bodyText().replace(" ", "").contains("\"skip\":2"))), 1);
        List<Pass> seen = new ArrayList<>();
        Throwable failure = catchThrowable(() -> civic.stream(PassQuery.all().withLimit(2)).forEach(seen::add));
        record(failure);
        assertThat(failure).isInstanceOf(AuthenticationException.class);
        assertThat(((AuthenticationException) failure).status()).isEqualTo(403);
        assertThat(seen).hasSize(2);
    }

    // ================================================================================ PII

    /**
     * A PII request reads with its verified information and links; evidence downloads by name
     * and by link; approve and reject reach the fake.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void piiReviewAndEvidence(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        String id = fake.seedPii(PiiSeed.idDocument().evidence("selfie", "image/png", new byte[] {1, 2, 3}));

        PiiRequest request = civic.pii(id);
        assertThat(request.id()).isEqualTo(id);
        assertThat(request.status()).isEqualTo(PiiStatus.VERIFICATION_SUCCESS);
        assertThat(request.type()).isEqualTo(PiiSeed.ID_DOCUMENT_TYPE);
        assertThat(request.verifiedInformation().email()).contains("jane.doe@example.com");
        assertThat(request.verifiedInformation().documentType()).contains("passport");
        assertThat(request.evidenceLinks()).extracting(PiiLink::rel)
                .containsExactly("idDocumentFront", "idDocumentBack", "selfie");
        assertThat(request.isAwaitingDecision()).isTrue();

        Evidence byName = civic.evidence(id, "selfie");
        assertThat(byName.contentType()).startsWith("image/png");
        assertThat(byName.bytes()).containsExactly(1, 2, 3);
        Evidence byLink = civic.evidence(request.link("idDocumentFront").orElseThrow());
        assertThat(byLink.contentType()).startsWith("image/jpeg");
        assertThat(byLink.bytes()).startsWith((byte) 0xFF, (byte) 0xD8);

        civic.approvePii(id);
        assertThat(fake.piiStatus(id)).isEqualTo(PiiStatus.PARTNER_PASS);
        String other = fake.seedPii(PiiSeed.emailOnly());
        civic.rejectPii(other);
        assertThat(fake.piiStatus(other)).isEqualTo(PiiStatus.PARTNER_FAIL);
        assertThat(civic.pii(other).status()).isEqualTo(PiiStatus.PARTNER_FAIL);
    }

    /**
     * A decision on a request that is not awaiting one is refused; an unknown request is not found.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void piiDecisionInWrongStatusRefused(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        String waiting = fake.seedPii(PiiSeed.idDocument().status(PiiStatus.AWAITING_USER));
        expect(InvalidRequestException.class, () -> civic.approvePii(waiting));
        assertThat(fake.piiStatus(waiting)).isEqualTo(PiiStatus.AWAITING_USER);
        expect(PassNotFoundException.class, () -> civic.pii("no-such-request"));
    }

    // ================================================================================ tokens

    /**
     * Many calls share one token: exactly one token request.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void tokenIsReused(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        for (int i = 0; i < 10; i++) {
            civic.find(key);
        }
        civic.list(PassQuery.all());
        assertThat(fake.journal().tokenRequests()).hasSize(1);
        assertThat(fake.journal().apiRequests()).hasSize(11);
    }

    /**
     * Both token request styles obtain a token, each sent as Civic documents it.
     *
     * @param style the style
     */
    @ParameterizedTest
    @EnumSource(TokenRequestStyle.class)
    void bothTokenRequestStyles(TokenRequestStyle style) {
        CivicPassClient civic = syncClient(config -> config.tokenRequestStyle(style));
        civic.find(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet()));
        List<RecordedRequest> tokenRequests = fake.journal().tokenRequests();
        assertThat(tokenRequests).hasSize(1);
        RecordedRequest sent = tokenRequests.get(0);
        assertThat(sent.method()).isEqualTo("POST");
        if (style == TokenRequestStyle.BASIC_FORM) {
            assertThat(sent.header("Authorization")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic "));
            assertThat(sent.header("Content-Type")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("application/x-www-form-urlencoded"));
            assertThat(sent.bodyText()).isEqualTo("grant_type=client_credentials");
        } else {
            assertThat(sent.header("Authorization")).isEmpty();
            assertThat(sent.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(sent.bodyText()).contains("\"client_id\"", "\"client_secret\"", "\"grant_type\"",
                    "client_credentials");
        }
    }

    /**
     * A token past its lifetime (by the shared clock) is replaced before use: one more token
     * request, no refused call.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void expiredTokenIsReplaced(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        civic.find(key);
        fake.clock().advance(FakeCivic.DEFAULT_TOKEN_LIFETIME.plusMinutes(1));
        civic.find(key);
        assertThat(fake.journal().tokenRequests()).hasSize(2);
        assertThat(fake.journal().apiRequests()).hasSize(2);
    }

    /**
     * A token the API stops accepting (401) is replaced once and the call repeated.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void recoversFromRevokedToken(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake.seedPass(key, PassState.ACTIVE);
        civic.get(key);
        fake.revokeTokens();
        assertThat(civic.get(key).walletAddress()).isEqualTo(key.wallet().value());
        assertThat(fake.journal().tokenRequests()).hasSize(2);
        assertThat(fake.journal().apiRequests()).hasSize(3);
    }

    /**
     * Wrong credentials fail with {@link AuthenticationException} and no API request is sent.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void wrongCredentialsRefused(Mode mode) {
        Calls civic = calls(mode, config -> config.credentials(
                ClientCredentials.of(CivicPassConfig.SANDBOX_CREDENTIALS.clientId(), "not-the-secret-x")));
        AuthenticationException refused = expect(AuthenticationException.class,
                () -> civic.find(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet())));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(fake.journal().apiRequests()).isEmpty();
        assertThat(refused).hasMessageNotContaining("not-the-secret-x");
    }

    // ================================================================================ faults

    /**
     * 429 with {@code Retry-After} beyond what the policy waits: {@link RateLimitedException}
     * carrying the wait.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void rateLimitedCarriesRetryAfter(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        fake.inject(Fault.status(429).withRetryAfter("120"), RequestMatcher.of("GET", "/partner/pass/**"), 1);
        RateLimitedException limited = expect(RateLimitedException.class,
                () -> civic.find(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet())));
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(120));
    }

    /**
     * 5xx answers, JSON or a proxy's HTML page, are {@link ServerException}s with their status.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void serverErrorsMapped(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none()));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake.inject(Fault.status(500), RequestMatcher.apiRequests(), 1);
        assertThat(expect(ServerException.class, () -> civic.find(key)).status()).isEqualTo(500);
        fake.inject(Fault.htmlErrorPage(502), RequestMatcher.apiRequests(), 1);
        assertThat(expect(ServerException.class, () -> civic.find(key)).status()).isEqualTo(502);
        fake.inject(Fault.status(503), RequestMatcher.apiRequests(), 1);
        assertThat(expect(ServerException.class, () -> civic.list(PassQuery.all())).status()).isEqualTo(503);
    }

    /**
     * A 2xx body that is malformed, cut short or empty is an {@link InvalidResponseException}.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void unusableBodiesMapped(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none()));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake.seedPass(key, PassState.ACTIVE);
        fake.inject(Fault.malformedBody(), RequestMatcher.of("GET", "/partner/pass/**"), 1);
        expect(InvalidResponseException.class, () -> civic.get(key));
        fake.inject(Fault.truncatedBody(), RequestMatcher.of("POST", "/partner/pass"), 1);
        expect(InvalidResponseException.class, () -> civic.list(PassQuery.all()));
        fake.inject(Fault.emptyBody(), RequestMatcher.of("GET", "/partner/pass/**"), 1);
        expect(InvalidResponseException.class, () -> civic.get(key));
        assertThat(civic.get(key).walletAddress()).isEqualTo(key.wallet().value());
    }

    /**
     * A token response cut short is an {@link InvalidResponseException} that does not quote the
     * partial token.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void unusableTokenResponseMapped(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none()));
        fake.inject(Fault.truncatedBody(), RequestMatcher.tokenRequests(), 1);
        InvalidResponseException failure = expect(InvalidResponseException.class,
                () -> civic.find(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet())));
        assertThat(failure).hasMessageNotContaining("eyJ");
    }

    /**
     * A dropped connection is a {@link CivicTransportException}; the HTTP library does not
     * repeat the request on its own.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void connectionResetMappedAndNotRepeated(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none()));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake.inject(Fault.connectionReset(), RequestMatcher.of("GET", "/partner/pass/**"), 1);
        CivicTransportException failure = expect(CivicTransportException.class, () -> civic.find(key));
        assertThat(failure.kind()).isNotEqualTo(CivicTransportException.Kind.CONNECT);
        assertThat(fake.journal().count(RequestMatcher.of("GET", "/partner/pass/**"))).isEqualTo(1);

        fake.inject(Fault.connectionReset(), RequestMatcher.of("POST", "/partner/pass/*/*"), 1);
        expect(CivicTransportException.class, () -> civic.issue(key));
        assertThat(fake.journal().count(RequestMatcher.of("POST", "/partner/pass/*/*"))).isEqualTo(1);
        assertThat(fake.passes()).isEmpty();
    }

    /**
     * A refused connection, to the token endpoint or to the API, is a
     * {@link CivicTransportException} of kind {@code CONNECT}: the request was never sent, which is
     * what lets core retry it safely, even an issue.
     *
     * @param mode the client face
     * @throws IOException if no free port can be found
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void refusedConnectionIsAConnectFailure(Mode mode) throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        URI nowhere = closed;
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());

        Calls noApi = calls(mode, config -> config.apiUrl(nowhere.resolve("/partner")));
        CivicTransportException api = expect(CivicTransportException.class, () -> noApi.issue(key));
        assertThat(api.kind()).isEqualTo(CivicTransportException.Kind.CONNECT);
        assertThat(api.requestMayHaveBeenSent()).isFalse();
        assertThat(api.method()).isEqualTo("POST");
        assertThat(api.path()).isEqualTo("/pass/ethereum/sepolia");

        Calls noToken = calls(mode, config -> config.tokenUrl(nowhere.resolve("/oauth/token")));
        CivicTransportException token = expect(CivicTransportException.class, () -> noToken.find(key));
        assertThat(token.kind()).isEqualTo(CivicTransportException.Kind.CONNECT);
        assertThat(token.path()).isEqualTo("/oauth/token");
        assertThat(fake.journal().apiRequests()).isEmpty();
    }

    /**
     * A 503 with {@code Retry-After: 0} to a request without a body (a revoke) reaches the caller
     * as a {@link ServerException} after exactly one request: the HTTP library does not send it
     * again on its own, as OkHttp and the JDK client otherwise do for such a request.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void unavailableBodilessRequestNotResent(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none()));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake.seedPass(key, PassState.ACTIVE);
        RequestMatcher revokes = RequestMatcher.of("DELETE", "/partner/pass/**");
        fake.inject(Fault.status(503).withRetryAfter("0"), revokes, 1);
        assertThat(expect(ServerException.class, () -> civic.revoke(key)).status()).isEqualTo(503);
        assertThat(fake.journal().count(revokes)).isEqualTo(1);
    }

    /**
     * A 401 from the API on a fresh token, or 403, is an {@link AuthenticationException}.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void forbiddenMapped(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none()));
        fake.inject(Fault.status(403), RequestMatcher.apiRequests(), 1);
        assertThat(expect(AuthenticationException.class, () -> civic.list(PassQuery.all())).status()).isEqualTo(403);
        fake.inject(Fault.status(401), RequestMatcher.apiRequests(), 2);
        assertThat(expect(AuthenticationException.class, () -> civic.list(PassQuery.all())).status()).isEqualTo(401);
    }

    /**
     * A redirect is not followed (it could carry the token elsewhere): the caller gets the 3xx.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void redirectsNotFollowed(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none()));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake.seedPass(key, PassState.ACTIVE);
        fake.inject(Fault.status(307).withHeader("Location", fake.apiUrl() + "/pass"),
                RequestMatcher.of("GET", "/partner/pass/**"), 1);
        CivicApiException failure = expect(CivicApiException.class, () -> civic.get(key));
        assertThat(failure.status()).isEqualTo(307);
        assertThat(fake.journal().apiRequests()).hasSize(1);
    }

    /**
     * A 503 on a safe call is retried per the policy and then succeeds.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void unavailableRetriedThenSucceeds(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake.seedPass(key, PassState.ACTIVE);
        RequestMatcher reads = RequestMatcher.of("GET", "/partner/pass/**");
        fake.inject(Fault.status(503), reads, 2);
        assertThat(civic.get(key).walletAddress()).isEqualTo(key.wallet().value());
        assertThat(fake.journal().count(reads)).isEqualTo(3);
    }

    /**
     * Issue never creates two passes: neither when the response to a processed issue is lost
     * nor when the request itself is lost.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void issueNeverCreatesTwoPasses(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        RequestMatcher issues = RequestMatcher.of("POST", "/partner/pass/*/*");

        PassKey lostResponse = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake.inject(Fault.connectionReset().afterProcessing(), issues, 1);
        Pass reconciled = civic.issue(lostResponse);
        assertThat(reconciled.walletAddress()).isEqualTo(lostResponse.wallet().value());
        assertThat(fake.passes()).hasSize(1);
        assertThat(fake.journal().count(issues)).isEqualTo(1);

        PassKey ambiguous = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake.inject(Fault.status(503).afterProcessing(), issues, 1);
        civic.issue(ambiguous);
        assertThat(fake.passes()).hasSize(2);

        PassKey lostRequest = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake.inject(Fault.connectionReset(), issues, 1);
        civic.issue(lostRequest);
        assertThat(fake.passes()).hasSize(3);
        assertThat(fake.passes()).extracting(Pass::walletAddress).doesNotHaveDuplicates();
    }

    /**
     * A response slower than the request timeout fails promptly with a timeout.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void slowResponseTimesOut(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none())
                .requestTimeout(Duration.ofMillis(300)));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        civic.find(key); // token first, so only the API call is slow
        fake.inject(Fault.latency(Duration.ofSeconds(3)), RequestMatcher.of("GET", "/partner/pass/**"), 1);
        CivicTransportException failure = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> expect(CivicTransportException.class, () -> civic.find(key)));
        assertThat(failure.kind()).isEqualTo(CivicTransportException.Kind.TIMEOUT);
    }

    /**
     * Cancelling the stage of a call whose response is slow completes it as cancelled at once,
     * without waiting for the server or the request timeout; the client stays usable.
     */
    @Test
    void cancelledAsyncCallEndsPromptly() {
        CivicPassAsyncClient civic = asyncClient(config -> config.retryPolicy(RetryPolicy.none()));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake.seedPass(key, PassState.ACTIVE);
        RequestMatcher reads = RequestMatcher.of("GET", "/partner/pass/**");
        AsyncCalls.join(civic.get(key)); // token first, so only the API call is slow
        fake.inject(Fault.latency(Duration.ofSeconds(10)), reads, 1);
        CompletableFuture<Pass> slow = civic.get(key).toCompletableFuture();
        awaitRequests(reads, 2); // the exchange is in flight
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            slow.cancel(true);
            assertThatThrownBy(slow::join).isInstanceOf(CancellationException.class);
        });
        assertThat(slow.isCancelled()).isTrue();
        assertThat(AsyncCalls.join(civic.get(key)).walletAddress()).isEqualTo(key.wallet().value());
    }

    /**
     * A little latency within the timeout is only a delay.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void latencyWithinTimeoutSucceeds(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        fake.inject(Fault.randomLatency(Duration.ofMillis(20), Duration.ofMillis(80)), RequestMatcher.any(), 3);
        assertThat(civic.find(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet()))).isEmpty();
    }

    // ================================================================================ concurrency

    /**
     * 32 threads of mixed calls on one shared client: no failure, nothing lost, one token request.
     *
     * @throws Exception when the pool fails
     */
    @Test
    void concurrentCallsOnOneClient() throws Exception {
        CivicPassClient civic = syncClient(UnaryOperator.identity());
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Pass>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
                boolean freeze = i % 2 == 0;
                results.add(pool.submit(() -> {
                    civic.issue(key);
                    civic.list(PassQuery.all().withLimit(5));
                    if (freeze) {
                        civic.freeze(key);
                    }
                    return civic.get(key);
                }));
            }
            for (Future<Pass> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake.passes()).hasSize(threads);
        assertThat(fake.passes().stream().filter(p -> p.state().equals(PassState.FROZEN))).hasSize(threads / 2);
        assertThat(fake.journal().tokenRequests()).hasSize(1);
    }

    /** 32 concurrent non-blocking issues on one client all complete, one pass each. */
    @Test
    void concurrentAsyncCalls() {
        CivicPassAsyncClient civic = asyncClient(UnaryOperator.identity());
        List<CompletableFuture<Pass>> issued = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            issued.add(civic.issue(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet())).toCompletableFuture());
        }
        CompletableFuture.allOf(issued.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(fake.passes()).hasSize(32);
        assertThat(fake.journal().tokenRequests()).hasSize(1);
    }

    /** The non-blocking face of a blocking client ({@code client.async()}) works over the transport. */
    @Test
    void asyncFaceOfSyncClient() {
        CivicPassClient civic = syncClient(UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        Pass issued = civic.async().issue(key).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(issued.walletAddress()).isEqualTo(key.wallet().value());
        assertThat(civic.get(key).id()).isEqualTo(issued.id());
        assertThat(fake.journal().tokenRequests()).hasSize(1);
    }

    // ================================================================================ validation

    /**
     * Invalid arguments are refused with an {@link IllegalArgumentException} naming the field,
     * before anything is sent.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void invalidInputSendsNothing(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        assertThatThrownBy(() -> civic.pii("../pass")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scopeRequestId");
        assertThatThrownBy(() -> civic.evidence("abc", "../../pass")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("evidence name");
        assertThatThrownBy(() -> civic.expireAt(key, Instant.now().minusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiryTimestamp");
        assertThatThrownBy(() -> civic.issue(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> PassKey.of(ChainNetwork.SEPOLIA, "0x1234"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("walletAddress");
        assertThat(fake.journal().all()).isEmpty();
    }

    /**
     * A PII link pointing outside the API base is not followed: the token stays home.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void foreignLinkNotFollowed(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        String port = String.valueOf(fake.apiUrl().getPort());
        for (String href : List.of("https://evil.example.com/partner/piirequest/x/evidence/front",
                "http://127.0.0.1:" + port + "/oauth/token",
                "http://localhost:" + port + "/partner/piirequest/x/evidence/front",
                fake.apiUrl() + "/piirequest/x/../../../oauth/token")) {
            assertThatThrownBy(() -> civic.evidence(new PiiLink("idDocumentFront", href)))
                    .as(href).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(fake.journal().all()).isEmpty();
    }

    // ================================================================================ headers

    /**
     * Every request carries a {@code User-Agent} naming the library and this transport, and the
     * API requests ask for JSON.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void userAgentNamesLibraryAndTransport(Mode mode) {
        String transportName = createTransport().name();
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        civic.issue(key);
        civic.find(key);
        assertThat(fake.journal().all()).isNotEmpty().allSatisfy(request ->
                assertThat(request.header("User-Agent")).as(request.toString()).hasValueSatisfying(agent ->
                        assertThat(agent).startsWith("civicpass-java/").contains("(" + transportName + ";")));
        assertThat(fake.journal().apiRequests()).allSatisfy(request -> {
            assertThat(request.header("Accept")).as(request.toString())
                    .hasValueSatisfying(accept -> assertThat(accept).contains("application/json"));
            assertThat(request.header("Authorization")).as(request.toString())
                    .hasValueSatisfying(auth -> assertThat(auth).startsWith("Bearer "));
        });
        RecordedRequest issue = fake.journal().matching(RequestMatcher.of("POST", "/partner/pass/*/*")).get(0);
        assertThat(issue.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(issue.bodyText()).contains("walletAddress");
    }

    // ================================================================================ helpers

    /**
     * A blocking client over a new transport, configured for the fake (fast retries, the fake's
     * clock) and tuned; closed after the test.
     *
     * @param tune changes to the configuration
     * @return the client
     */
    protected final CivicPassClient syncClient(UnaryOperator<CivicPassConfig.Builder> tune) {
        CivicPassClient client = CivicPassClient.builder().config(config(tune)).transport(createTransport())
                .clock(fake.clock()).build();
        clients.add(client);
        return client;
    }

    /**
     * A non-blocking client over a new transport, configured like {@link #syncClient}.
     *
     * @param tune changes to the configuration
     * @return the client
     */
    protected final CivicPassAsyncClient asyncClient(UnaryOperator<CivicPassConfig.Builder> tune) {
        CivicPassAsyncClient client = CivicPassClient.builder().config(config(tune)).transport(createTransport())
                .clock(fake.clock()).buildAsync();
        clients.add(client);
        return client;
    }

    private CivicPassConfig config(UnaryOperator<CivicPassConfig.Builder> tune) {
        return tune.apply(fake.configBuilder()
                .retryPolicy(FakeCivic.fastRetryPolicy())
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(5))).build();
    }

    private Calls calls(Mode mode, UnaryOperator<CivicPassConfig.Builder> tune) {
        return mode == Mode.SYNC ? new SyncCalls(syncClient(tune)) : new AsyncCalls(asyncClient(tune));
    }

    /**
     * A new valid EVM wallet address, lower case, distinct within the test class.
     *
     * @return the address
     */
    protected final String nextEvmWallet() {
        return String.format(Locale.ROOT, "0x%040x", 0xC1C0000000L + wallets.incrementAndGet());
    }

    private List<PassKey> seedPasses(int count) {
        List<PassKey> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
            fake.seedPass(key, i % 3 == 1 ? PassState.FROZEN : PassState.ACTIVE);
            keys.add(key);
        }
        return keys;
    }

    /** Waits, with a bound, until the fake has received a number of matching requests. */
    private void awaitRequests(RequestMatcher matcher, int count) {
        long deadline = System.nanoTime() + CONFIRMATION_TIMEOUT.toNanos();
        while (fake.journal().count(matcher) < count) {
            assertThat(System.nanoTime() - deadline).as("requests %s received", matcher).isNegative();
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for requests", interrupted);
            }
        }
    }

    /** Runs a call that must fail with a type, keeps the failure for the secrets check. */
    private <T extends Throwable> T expect(Class<T> type, Runnable call) {
        Throwable failure = catchThrowable(call::run);
        record(failure);
        assertThat(failure).isInstanceOf(type);
        return type.cast(failure);
    }

    private void record(Throwable failure) {
        if (failure != null) {
            failures.add(failure);
        }
    }

    private static void assertNoSecretIn(Throwable failure, Set<String> secrets) {
        Set<Throwable> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>(List.of(failure));
        while (!todo.isEmpty()) {
            Throwable current = todo.remove(todo.size() - 1);
            if (current == null || !seen.add(current)) {
                continue;
            }
            String text = current + " " + current.getMessage();
            for (String secret : secrets) {
                assertThat(text).as("failure text of %s", current.getClass().getName())
                        .doesNotContain(secret);
            }
            todo.add(current.getCause());
            todo.addAll(List.of(current.getSuppressed()));
        }
    }

    /** The calls the tests make, through either client face. */
    private interface Calls {
        Pass issue(PassKey key);

        Optional<Pass> find(PassKey key);

        Pass get(PassKey key);

        void freeze(PassKey key);

        void unfreeze(PassKey key);

        void expireAt(PassKey key, Instant expiry);

        void forceRefresh(PassKey key);

        void revoke(PassKey key);

        Page<Pass> list(PassQuery query);

        Pass awaitConfirmed(PassKey key, Duration timeout);

        PiiRequest pii(String id);

        void approvePii(String id);

        void rejectPii(String id);

        Evidence evidence(String id, String name);

        Evidence evidence(PiiLink link);
    }

    private record SyncCalls(CivicPassClient client) implements Calls {
        public Pass issue(PassKey key) {
            return client.issue(key);
        }

        public Optional<Pass> find(PassKey key) {
            return client.find(key);
        }

        public Pass get(PassKey key) {
            return client.get(key);
        }

        public void freeze(PassKey key) {
            client.freeze(key);
        }

        public void unfreeze(PassKey key) {
            client.unfreeze(key);
        }

        public void expireAt(PassKey key, Instant expiry) {
            client.expireAt(key, expiry);
        }

        public void forceRefresh(PassKey key) {
            client.forceRefresh(key);
        }

        public void revoke(PassKey key) {
            client.revoke(key);
        }

        public Page<Pass> list(PassQuery query) {
            return client.list(query);
        }

        public Pass awaitConfirmed(PassKey key, Duration timeout) {
            return client.awaitConfirmed(key, timeout);
        }

        public PiiRequest pii(String id) {
            return client.pii(id);
        }

        public void approvePii(String id) {
            client.approvePii(id);
        }

        public void rejectPii(String id) {
            client.rejectPii(id);
        }

        public Evidence evidence(String id, String name) {
            return client.evidence(id, name);
        }

        public Evidence evidence(PiiLink link) {
            return client.evidence(link);
        }
    }

    /** Waits for each stage, with a bound, and rethrows its failure as the call's own exception. */
    private record AsyncCalls(CivicPassAsyncClient client) implements Calls {
        private static <T> T join(CompletionStage<T> stage) {
            try {
                return stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
            } catch (CompletionException wrapped) {
                Throwable cause = wrapped.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                throw wrapped;
            }
        }

        public Pass issue(PassKey key) {
            return join(client.issue(key));
        }

        public Optional<Pass> find(PassKey key) {
            return join(client.find(key));
        }

        public Pass get(PassKey key) {
            return join(client.get(key));
        }

        public void freeze(PassKey key) {
            join(client.freeze(key));
        }

        public void unfreeze(PassKey key) {
            join(client.unfreeze(key));
        }

        public void expireAt(PassKey key, Instant expiry) {
            join(client.expireAt(key, expiry));
        }

        public void forceRefresh(PassKey key) {
            join(client.forceRefresh(key));
        }

        public void revoke(PassKey key) {
            join(client.revoke(key));
        }

        public Page<Pass> list(PassQuery query) {
            return join(client.list(query));
        }

        public Pass awaitConfirmed(PassKey key, Duration timeout) {
            return join(client.awaitConfirmed(key, timeout));
        }

        public PiiRequest pii(String id) {
            return join(client.pii(id));
        }

        public void approvePii(String id) {
            join(client.approvePii(id));
        }

        public void rejectPii(String id) {
            join(client.rejectPii(id));
        }

        public Evidence evidence(String id, String name) {
            return join(client.evidence(id, name));
        }

        public Evidence evidence(PiiLink link) {
            return join(client.evidence(link));
        }
    }

    /** Constants the suite checks against. */
    private static final class FakeCivicDefaults {
        static final String SANDBOX_NETWORK = io.civicpass.model.GatekeeperNetwork.SANDBOX.value();
    }
}
