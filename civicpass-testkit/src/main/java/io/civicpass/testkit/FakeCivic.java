package io.civicpass.testkit;

import io.civicpass.CivicPassConfig;
import io.civicpass.RetryPolicy;
import io.civicpass.model.ClientCredentials;
import io.civicpass.model.GatekeeperNetwork;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.model.PiiStatus;
import io.civicpass.spi.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fake Civic Pass API for tests: the token endpoint ({@code /oauth/token}) and the partner API
 * ({@code /partner/...}) served over real HTTP on {@code 127.0.0.1}, plus an in-memory
 * {@link Transport} over the same state for tests without sockets.
 *
 * <pre>{@code
 * try (FakeCivic civic = FakeCivic.start();
 *      CivicPassClient client = CivicPassClient.builder().config(civic.config())
 *              .transport(FeignTransport.create()).build()) {
 *     client.issue(key);
 *     client.awaitConfirmed(key, Duration.ofSeconds(5));
 *     assertThat(civic.journal().tokenRequests()).hasSize(1);
 * }
 * }</pre>
 *
 * <h2>Behaviour, following Civic's OpenAPI description and documentation</h2>
 * <ul>
 *   <li>Token endpoint: both request styles (Basic header with the form body
 *       {@code grant_type=client_credentials}; a JSON body with {@code client_id},
 *       {@code client_secret}, {@code audience}, {@code grant_type}). Wrong credentials get 401
 *       {@code {"error":"access_denied","error_description":"Unauthorized"}}; every refusal of
 *       the token endpoint (400, 401, 403, 405, injected faults) is in that OAuth shape. Tokens
 *       are JWT-shaped, opaque, {@code Bearer}, valid for the token lifetime by the fake's clock,
 *       with the client's scopes in {@code scope} (all of Civic's documented ones by default).
 *       The API refuses a missing, unknown, expired or revoked token with 401, and an operation
 *       outside the token's scopes with 403 {@code {"error":"insufficient_scope",...}}: which
 *       operation needs which scope is the fake's assumption, since Civic does not say (issue
 *       {@code issue:pass}; retrieve and list {@code search:pass}; update and revoke
 *       {@code update:pass}; PII read and evidence {@code get:pii}; PII decision
 *       {@code put:piirequest}).</li>
 *   <li>Clients: Civic's public sandbox client ({@link CivicPassConfig#SANDBOX_CREDENTIALS},
 *       gatekeeper network {@link GatekeeperNetwork#SANDBOX}) is registered with every scope, so
 *       Civic's own examples work unchanged; as at Civic, it may issue on testnets only. Each
 *       client sees only its own passes; {@link #registerClient(String, String, GatekeeperNetwork,
 *       String...)} registers one with fewer scopes.</li>
 *   <li>Passes: issue answers 202 with the pass and a {@code TOKEN_ISSUED_INITIATED} event; freeze,
 *       unfreeze, expiry changes and revoke append their {@code *_INITIATED} event at once. Each
 *       is a chain transaction ({@link #transactions(PassKey)} counts them), confirmed (its
 *       confirmed event with a {@code confirmed} transaction appended, and {@code onChainState}
 *       updated) once the confirmation delay has passed on the fake's clock.
 *       While a change is pending, {@code state} shows the intended state and
 *       {@code onChainState} the old one; while an issue is pending, {@code onChainState} is
 *       {@code FROZEN} (the contract has no value for "not on chain yet"; FROZEN is the one value
 *       that is neither valid nor final).</li>
 *   <li>A new pass does not show in retrieve (404) or list until its issue is confirmed, as Civic
 *       warns may take seconds to minutes; until then an update or revoke of it answers 404 as for
 *       an unknown pass ({@link Builder#hideUntilConfirmed(boolean)} turns this off).</li>
 *   <li>Transactions can fail ({@link #failNextConfirmation(PassKey)}): the confirmed event then
 *       carries a {@code failed} transaction, {@code onChainState} stays as it was, and
 *       {@code state} goes back to what the chain shows, as if the change had not been asked for
 *       (so it can be asked for again). A pass whose issuance failed shows once the failure is in,
 *       with {@code state} {@code REQUESTED} and {@code onChainState} {@code FROZEN} (not valid on
 *       chain); it cannot be updated (400) and issuing to it again is a new try, not a
 *       re-issue.</li>
 *   <li>Issuing again to a wallet whose pass is live or pending is refused with 409
 *       {@code pass_exists} by default ({@link #reissueBehaviour(ReissueBehaviour)}: Civic does not
 *       say); after a revoke it answers 400, since revoking is final. An update asking for what
 *       the pass already has starts a new transaction by default
 *       ({@link #repeatedUpdateBehaviour(RepeatedUpdateBehaviour)}). Revoking a revoked pass
 *       answers 200 and changes nothing; updating one answers 400. Update and revoke answer
 *       {@code {"status":"ok"}}.</li>
 *   <li>List: {@code limit} (default 20, 1 to 1000), {@code skip}, {@code filter.state} (the
 *       intended state) and {@code filter.walletAddress}, in creation order, as
 *       {@code {"records":[...]}}. EVM addresses compare without regard to case.</li>
 *   <li>PII: requests planted with {@link #seedPii(PiiSeed)}, with {@code self} and evidence links
 *       under {@link #apiUrl()}, verified information and evidence shown from
 *       {@code verification-success} on; a decision is accepted only in
 *       {@code verification-success} (409 otherwise; repeating the decision taken answers 200);
 *       a request is gone (404) 7 days after it was planted, and (Civic: "or until retrieved") a
 *       second read of a request whose information a read already handed out answers 404 while
 *       its evidence and the decision stay available ({@link #piiReadOnce(boolean)}).</li>
 *   <li>Requests the contract forbids (unknown chain or network, a network of the other chain,
 *       malformed wallet, malformed JSON, wrong types, bad limit, skip or state) get 400 with a
 *       JSON body {@code {"error":..., "message":...}} naming the problem; unknown routes 404;
 *       wrong methods 405. Nothing a client sends can crash the fake.</li>
 * </ul>
 *
 * <p>Controls: {@link #inject(Fault, RequestMatcher, int)} for faults, {@link #journal()} for
 * every request received, {@link #seedPass}, {@link #seedPii}, {@link #pass(PassKey)} and
 * {@link #passes()} for state, {@link #transactions(PassKey)}, {@link #reissueAttempts()} and
 * {@link #duplicateIssuances()} for what clients cost, {@link #clock()} for time, the switches
 * ({@link #hideUntilConfirmed(boolean)}, {@link #reissueBehaviour(ReissueBehaviour)},
 * {@link #repeatedUpdateBehaviour(RepeatedUpdateBehaviour)}, {@link #piiReadOnce(boolean)},
 * {@link #echoSecretsInErrors(boolean)}) for what Civic's documents leave open, and
 * {@link #reset()} between tests. The same controls over HTTP, for tests in other languages:
 * {@link Builder#adminApi(boolean)} serves them under {@link #adminUrl()} ({@code /__admin}),
 * described by {@code GET /__admin/openapi.json}. Thread-safe.
 */
public final class FakeCivic implements AutoCloseable {

    /** The path of the token endpoint. */
    public static final String TOKEN_PATH = "/oauth/token";
    /** The path of the API base. */
    public static final String API_PATH = "/partner";
    /** The confirmation delay of {@link #start()} and of a builder left at its default. */
    public static final Duration DEFAULT_CONFIRMATION_DELAY = Duration.ofMillis(200);
    /** The token lifetime Civic documents. */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(86400);
    /**
     * The scopes Civic's documentation lists, in its order: what a client is granted unless
     * registered with fewer.
     */
    public static final List<String> ALL_SCOPES = OAuthDesk.SCOPES;

    static final String SANDBOX_NETWORK = GatekeeperNetwork.SANDBOX.value();

    private final CivicEngine engine;
    private final HttpFace http;
    private final ScheduledExecutorService timers;
    private final Transport inMemory;
    private final URI apiUrl;
    private final URI tokenUrl;
    private final URI adminUrl;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FakeCivic(Builder builder) {
        if (!builder.warmUpLater) {
            Warmup.now();
        }
        ClientCredentials sandbox = CivicPassConfig.SANDBOX_CREDENTIALS;
        Switches switches = new Switches(new Switches.Values(builder.hideUntilConfirmed, builder.reissueBehaviour,
                builder.repeatedUpdateBehaviour, builder.piiReadOnce, builder.echoSecretsInErrors));
        this.engine = new CivicEngine(builder.clock, builder.confirmationDelay, builder.tokenLifetime, switches,
                new CivicEngine.Client(sandbox.clientId(), sandbox.clientSecret(), SANDBOX_NETWORK),
                builder.journalCapacity);
        builder.settings.forEach((name, value) -> Switches.setting(name).set(switches, value));
        switches.keepAsConfigured();
        this.http = new HttpFace(engine, builder.host, builder.port);
        String base = "http://" + urlHost(builder.host) + ":" + http.port();
        this.adminUrl = builder.adminApi ? URI.create(base + AdminDesk.PATH) : null;
        if (builder.adminApi) {
            engine.enableAdmin(new AdminDesk(engine, builder.adminToken, builder.adminJournalShowsSecrets));
        }
        this.apiUrl = URI.create(base + API_PATH);
        this.tokenUrl = URI.create(base + TOKEN_PATH);
        engine.setApiUrl(apiUrl);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("fake-civic-timer-" + http.port());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timers = executor;
        this.inMemory = new InMemoryTransport(engine, timers, URI.create(base));
    }

    /**
     * Starts a fake on {@code 127.0.0.1} on a free port, with the default settings.
     *
     * @return the running fake; close it when done
     */
    public static FakeCivic start() {
        return builder().start();
    }

    /**
     * A builder for a fake with other settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The API base URL, {@code http://127.0.0.1:PORT/partner}.
     *
     * @return the URL, without a trailing slash
     */
    public URI apiUrl() {
        return apiUrl;
    }

    /**
     * The token endpoint URL, {@code http://127.0.0.1:PORT/oauth/token}.
     *
     * @return the URL
     */
    public URI tokenUrl() {
        return tokenUrl;
    }

    /**
     * The admin API's base URL, {@code http://127.0.0.1:PORT/__admin}: the controls of this class
     * over HTTP with JSON, for tests in other languages ({@code GET /__admin/openapi.json}
     * describes them).
     *
     * @return the URL, without a trailing slash
     * @throws IllegalStateException when the fake was built without {@link Builder#adminApi(boolean)}
     */
    public URI adminUrl() {
        if (adminUrl == null) {
            throw new IllegalStateException("this fake serves no admin API; build it with adminApi(true)");
        }
        return adminUrl;
    }

    /** The admin desk, or null when this fake serves no admin API (for the seed file). */
    AdminDesk adminDesk() {
        return engine.adminDesk();
    }

    /** The host for URLs: loopback's address for loopback and the wildcard, else the address bound. */
    private static String urlHost(InetAddress host) {
        if (host.isAnyLocalAddress() || host.isLoopbackAddress()) {
            return host instanceof java.net.Inet6Address && !host.isAnyLocalAddress() ? "[::1]" : "127.0.0.1";
        }
        String address = host.getHostAddress();
        return host instanceof java.net.Inet6Address ? "[" + address.replaceFirst("%.*", "") + "]" : address;
    }

    /**
     * The port the fake listens on.
     *
     * @return the port
     */
    public int port() {
        return http.port();
    }

    /**
     * The connections open on the fake's HTTP server now: accepted, and closed by neither side
     * yet. The server keeps a kept-alive connection open until the client closes it or it has
     * been idle for 30 s (a response after which the server closes the connection says
     * {@code Connection: close}), so a test can check that closing a client releases its
     * connections. The in-memory face opens none.
     *
     * @return the client-side address of each, in the order accepted
     */
    public List<InetSocketAddress> openConnections() {
        return http.openConnections();
    }

    /**
     * A configuration builder pointing at this fake, with the sandbox credentials and gatekeeper
     * network and the library's default timeouts and retry policy, for tests to tune.
     *
     * @return a new builder
     */
    public CivicPassConfig.Builder configBuilder() {
        return CivicPassConfig.builder()
                .apiUrl(apiUrl)
                .tokenUrl(tokenUrl)
                .credentials(CivicPassConfig.SANDBOX_CREDENTIALS)
                .gatekeeperNetwork(GatekeeperNetwork.SANDBOX);
    }

    /**
     * A configuration for tests: {@link #configBuilder()} with a fast retry policy
     * ({@link #fastRetryPolicy()}), a 2 s connect and a 5 s request timeout.
     *
     * @return the configuration
     */
    public CivicPassConfig config() {
        return configBuilder()
                .retryPolicy(fastRetryPolicy())
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * A retry policy for tests: 3 attempts, backoff from 10 ms to 50 ms, {@code Retry-After}
     * honoured up to 2 s, 10 s per call, and a retry budget large enough never to run dry in a
     * test.
     *
     * @return the policy
     */
    public static RetryPolicy fastRetryPolicy() {
        return RetryPolicy.builder()
                .maxAttempts(3)
                .initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(50))
                .maxRetryAfter(Duration.ofSeconds(2))
                .totalTimeout(Duration.ofSeconds(10))
                .budget(100_000, 1.0)
                .build();
    }

    /**
     * The clock that judges confirmations, token expiry and PII availability. Advance it to
     * skip waiting; give it to the client too ({@code builder().clock(fake.clock())}).
     *
     * @return the clock
     */
    public FakeClock clock() {
        return engine.clock();
    }

    /**
     * Makes the next {@code times} requests the matcher selects misbehave. Faults are tried in
     * the order injected; one request suffers at most one fault.
     *
     * @param fault   what happens
     * @param matcher which requests
     * @param times   how many, 1 or more
     */
    public void inject(Fault fault, RequestMatcher matcher, int times) {
        Objects.requireNonNull(fault, "fault == null");
        Objects.requireNonNull(matcher, "matcher == null");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        engine.inject(fault, matcher, times);
    }

    /**
     * Makes the next request the matcher selects misbehave.
     *
     * @param fault   what happens
     * @param matcher which request
     */
    public void inject(Fault fault, RequestMatcher matcher) {
        inject(fault, matcher, 1);
    }

    /** Disarms every fault not yet used. */
    public void clearFaults() {
        engine.clearFaults();
    }

    /**
     * Every request received, over both faces.
     *
     * @return the journal
     */
    public RequestJournal journal() {
        return engine.journal();
    }

    /**
     * A pass as it stands now, pending or hidden ones included: the default client's pass for
     * the key, or else any client's.
     *
     * @param key the pass
     * @return the pass, or empty when none was issued
     */
    public Optional<Pass> pass(PassKey key) {
        Objects.requireNonNull(key, "key == null");
        return engine.anyPass(key);
    }

    /**
     * A client's pass as it stands now.
     *
     * @param clientId the client
     * @param key      the pass
     * @return the pass, or empty when that client has none for the key
     */
    public Optional<Pass> pass(String clientId, PassKey key) {
        Objects.requireNonNull(clientId, "clientId == null");
        Objects.requireNonNull(key, "key == null");
        return engine.pass(clientId, key);
    }

    /**
     * The expiry last set on a pass with an update whose transaction has not failed (the
     * contract's pass shape does not carry it).
     *
     * @param key the pass
     * @return the expiry, or empty when none was set or there is no such pass
     */
    public Optional<Instant> expiry(PassKey key) {
        Objects.requireNonNull(key, "key == null");
        return engine.expiry(key);
    }

    /**
     * Every pass of every client, in creation order.
     *
     * @return an immutable list
     */
    public List<Pass> passes() {
        return engine.passes();
    }

    /**
     * Plants a confirmed pass for the sandbox client, for tests that need existing data.
     *
     * @param key   where
     * @param state ACTIVE, FROZEN or REVOKED
     * @return the pass
     * @throws IllegalStateException when a pass exists for the key
     */
    public Pass seedPass(PassKey key, PassState state) {
        return engine.seedPass(engine.defaultClient().id(), key, state);
    }

    /**
     * Plants a confirmed pass for a registered client.
     *
     * @param clientId the client
     * @param key      where
     * @param state    ACTIVE, FROZEN or REVOKED
     * @return the pass
     */
    public Pass seedPass(String clientId, PassKey key, PassState state) {
        return engine.seedPass(Objects.requireNonNull(clientId, "clientId == null"), key, state);
    }

    /**
     * Plants a PII request.
     *
     * @param seed what it holds
     * @return its scope request id
     */
    public String seedPii(PiiSeed seed) {
        return engine.seedPii(seed);
    }

    /**
     * The status of a planted PII request, to check a decision arrived.
     *
     * @param id the scope request id
     * @return the status
     * @throws java.util.NoSuchElementException when no such request was planted
     */
    public PiiStatus piiStatus(String id) {
        return engine.piiStatus(id);
    }

    /**
     * Registers another API client with its own passes and every scope (until {@link #reset()}).
     *
     * @param clientId          the client id
     * @param clientSecret      the secret
     * @param network      the gatekeeper network its passes are of
     */
    public void registerClient(String clientId, String clientSecret, GatekeeperNetwork network) {
        registerClient(clientId, clientSecret, network, ALL_SCOPES.toArray(String[]::new));
    }

    /**
     * Registers another API client with its own passes whose tokens are granted only some scopes
     * (until {@link #reset()}). The token response's {@code scope} lists them; an operation
     * outside them answers 403 (see the class description for which operation needs which).
     *
     * @param clientId     the client id
     * @param clientSecret the secret
     * @param network      the gatekeeper network its passes are of
     * @param scopes       scopes out of {@link #ALL_SCOPES}, none or more
     * @throws IllegalArgumentException for a scope Civic does not document
     */
    public void registerClient(String clientId, String clientSecret, GatekeeperNetwork network, String... scopes) {
        ClientCredentials checked = ClientCredentials.of(clientId, clientSecret);
        Objects.requireNonNull(network, "network == null");
        Objects.requireNonNull(scopes, "scopes == null");
        Set<String> granted = new HashSet<>();
        for (String scope : scopes) {
            if (!ALL_SCOPES.contains(Objects.requireNonNull(scope, "scope == null"))) {
                throw new IllegalArgumentException("scope '" + scope + "' is not one Civic documents: " + ALL_SCOPES);
            }
            granted.add(scope);
        }
        List<String> ordered = ALL_SCOPES.stream().filter(granted::contains).toList();
        engine.registerClient(new CivicEngine.Client(checked.clientId(), checked.clientSecret(), network.value(),
                ordered));
    }

    /** Revokes every token issued so far: the API answers 401 to each from now on. */
    public void revokeTokens() {
        engine.revokeTokens();
    }

    /**
     * Changes how long actions take to confirm, for actions from now on. Kept by {@link #reset()}.
     *
     * @param delay zero or more
     */
    public void confirmationDelay(Duration delay) {
        engine.setConfirmationDelay(Builder.nonNegative("confirmationDelay", delay));
    }

    /**
     * Switches whether passes stay hidden from retrieve and list (and updates and revokes of them
     * answer 404) until their issuance comes back from the chain, until {@link #reset()}; see
     * {@link Builder#hideUntilConfirmed(boolean)}.
     *
     * @param value true to hide, as by default
     */
    public void hideUntilConfirmed(boolean value) {
        engine.switches().hideUntilConfirmed = value;
    }

    /**
     * Switches what issuing to a wallet whose pass is live or pending does, until {@link #reset()};
     * see {@link Builder#reissueBehaviour(ReissueBehaviour)}.
     *
     * @param value the behaviour
     */
    public void reissueBehaviour(ReissueBehaviour value) {
        engine.switches().reissue = Objects.requireNonNull(value, "reissueBehaviour == null");
    }

    /**
     * Switches what an update asking for what the pass already has does, until {@link #reset()};
     * see {@link Builder#repeatedUpdateBehaviour(RepeatedUpdateBehaviour)}.
     *
     * @param value the behaviour
     */
    public void repeatedUpdateBehaviour(RepeatedUpdateBehaviour value) {
        engine.switches().repeatedUpdate = Objects.requireNonNull(value, "repeatedUpdateBehaviour == null");
    }

    /**
     * Switches whether a PII request can be read only once, until {@link #reset()}; see
     * {@link Builder#piiReadOnce(boolean)}.
     *
     * @param value true for one read, as by default
     */
    public void piiReadOnce(boolean value) {
        engine.switches().piiReadOnce = value;
    }

    /**
     * Switches whether error bodies echo secrets, until {@link #reset()}; see
     * {@link Builder#echoSecretsInErrors(boolean)}.
     *
     * @param value true to echo; false by default
     */
    public void echoSecretsInErrors(boolean value) {
        engine.switches().echoSecretsInErrors = value;
    }

    /**
     * Makes the next confirmation at a key fail, for whichever client's pass is there: that of
     * the pending action there that would confirm first, or else that of the next action started
     * there (issue, freeze, unfreeze, expiry change or revoke). Once due, its confirmed event
     * carries a transaction with status {@code failed}, and neither {@code onChainState} nor
     * {@code state} take the change (see the class description). Each call fails one more
     * confirmation; {@link #reset()} disarms them.
     *
     * @param key where
     */
    public void failNextConfirmation(PassKey key) {
        engine.failNextConfirmation(Objects.requireNonNull(key, "key == null"));
    }

    /**
     * How many chain transactions were started through the API for a pass (issue, freeze,
     * unfreeze, expiry change, revoke; a failed one too, a seeded history not): the default
     * client's pass at the key, or else any client's.
     *
     * @param key the pass
     * @return the count, 0 when there is no such pass
     */
    public int transactions(PassKey key) {
        return engine.anyTransactions(Objects.requireNonNull(key, "key == null"));
    }

    /**
     * How many chain transactions were started through the API for a client's pass.
     *
     * @param clientId the client
     * @param key      the pass
     * @return the count, 0 when that client has no pass at the key
     */
    public int transactions(String clientId, PassKey key) {
        return engine.transactions(Objects.requireNonNull(clientId, "clientId == null"), Objects.requireNonNull(key, "key == null"));
    }

    /**
     * How many issue requests, of any client, named a wallet whose pass was live or pending,
     * whatever {@link #reissueBehaviour(ReissueBehaviour)} made of them (since the last
     * {@link #reset()}). A new try after a failed issuance and a refusal after a revoke do not count.
     *
     * @return the count
     */
    public int reissueAttempts() {
        return engine.reissueAttempts();
    }

    /**
     * How many re-issues were accepted as second issuances, which only
     * {@link ReissueBehaviour#DUPLICATE} does (since the last {@link #reset()}).
     *
     * @return the count; 0 under the other behaviours
     */
    public int duplicateIssuances() {
        return engine.duplicateIssuances();
    }

    /**
     * The in-memory face: a transport named {@code in-memory} that hands requests straight to
     * this fake's engine, with the same faults, journal and token checks as over HTTP.
     *
     * <pre>{@code CivicPassClient.builder().config(fake.config()).transport(fake.inMemoryTransport()).build()}</pre>
     *
     * @return the transport
     */
    public Transport inMemoryTransport() {
        return inMemory;
    }

    /**
     * Forgets all state: passes, PII requests, tokens, faults, armed confirmation failures, the
     * counts, the journal and registered clients (the sandbox client stays), puts the clock back
     * to real time, and puts the switches back to the values the builder gave them. The
     * confirmation delay is kept, as it stands. Requests still under way (waiting out an
     * injected latency, say) end unanswered, without being processed: their connections are
     * dropped, so nothing a previous test left running acts on the state of the next one.
     */
    public void reset() {
        engine.reset();
        engine.clock().resetOffset();
    }

    /** Stops the server. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            http.stop();
            timers.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "FakeCivic[apiUrl=" + apiUrl + ", tokenUrl=" + tokenUrl + "]";
    }

    /** Builds a {@link FakeCivic}. */
    public static final class Builder {

        private int port;
        private Duration confirmationDelay = DEFAULT_CONFIRMATION_DELAY;
        private Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
        private boolean hideUntilConfirmed = true;
        private ReissueBehaviour reissueBehaviour = ReissueBehaviour.REFUSE;
        private RepeatedUpdateBehaviour repeatedUpdateBehaviour = RepeatedUpdateBehaviour.NEW_TRANSACTION;
        private boolean piiReadOnce = true;
        private boolean echoSecretsInErrors;
        private FakeClock clock;
        private int journalCapacity = Integer.MAX_VALUE;
        private boolean warmUpLater;
        private InetAddress host = InetAddress.getLoopbackAddress();
        private boolean adminApi;
        private String adminToken;
        private boolean adminJournalShowsSecrets;
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Serves the admin API under {@code /__admin} ({@link #adminUrl()}): this class's controls
         * over HTTP with JSON, described by {@code GET /__admin/openapi.json}. The standalone server
         * always serves it.
         *
         * @param value true to serve it; false by default
         * @return this builder
         */
        public Builder adminApi(boolean value) {
            this.adminApi = value;
            return this;
        }

        /**
         * Makes admin calls need a token, sent as {@code Authorization: Bearer TOKEN}; others get
         * 401.
         *
         * @param value the token, not blank; none by default
         * @return this builder
         */
        public Builder adminToken(String value) {
            Objects.requireNonNull(value, "adminToken == null");
            if (value.isBlank() || !value.matches("[\\x21-\\x7e]+")) {
                throw new IllegalArgumentException("adminToken must be printable ASCII without spaces");
            }
            this.adminToken = value;
            return this;
        }

        /**
         * Has the journal as the admin API serves it keep {@code Authorization} values and client
         * secrets (token request bodies), which it redacts by default.
         *
         * @param value true to show them; false by default
         * @return this builder
         */
        public Builder adminJournalShowsSecrets(boolean value) {
            this.adminJournalShowsSecrets = value;
            return this;
        }

        /**
         * Sets the address to listen on: loopback by default, so nothing beyond this machine can
         * reach the fake. The standalone server's {@code --host}, for containers.
         *
         * @param value an address of this machine, such as {@code 127.0.0.1} or {@code 0.0.0.0}
         * @return this builder
         * @throws IllegalArgumentException when the address cannot be resolved
         */
        public Builder host(String value) {
            Objects.requireNonNull(value, "host == null");
            try {
                this.host = InetAddress.getByName(value);
            } catch (java.net.UnknownHostException unknown) {
                throw new IllegalArgumentException("host '" + value + "' cannot be resolved");
            }
            return this;
        }

        /**
         * Sets a behaviour switch by its name ({@code Switches#SETTINGS}) and text value, as the
         * standalone server's flags do; {@link FakeCivic#reset()} keeps it.
         *
         * @throws IllegalArgumentException for an unknown switch or a value it does not take
         */
        Builder setting(String name, String value) {
            Switches.Setting setting = Switches.setting(name);
            if (setting == null) {
                throw new IllegalArgumentException("no switch named " + name);
            }
            setting.check(value);
            settings.put(name, value);
            return this;
        }

        /**
         * Has the fake listen without first building the parts every fake in the JVM shares
         * ({@link Warmup}), each then built when a request first needs it: for the standalone
         * server, whose JVM is new, which builds them on a thread of its own once it listens.
         */
        Builder warmUpLater() {
            this.warmUpLater = true;
            return this;
        }

        /**
         * Bounds the journal for long runs: beyond this many requests the oldest are dropped.
         *
         * @param value 1 or more; unbounded by default
         * @return this builder
         */
        public Builder journalCapacity(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("journalCapacity must be at least 1, was " + value);
            }
            this.journalCapacity = value;
            return this;
        }

        /**
         * Sets the port.
         *
         * @param value 1 to 65535, or 0 (the default) for a free one
         * @return this builder
         */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + value);
            }
            this.port = value;
            return this;
        }

        /**
         * Sets how long each action takes to confirm "on chain", by the fake's clock.
         *
         * @param value zero or more; {@link #DEFAULT_CONFIRMATION_DELAY} (200 ms) by default,
         *              the standalone server uses 2 s
         * @return this builder
         */
        public Builder confirmationDelay(Duration value) {
            this.confirmationDelay = nonNegative("confirmationDelay", value);
            return this;
        }

        /**
         * Sets the lifetime of the tokens the fake issues ({@code expires_in}).
         *
         * @param value at least one second; 86400 s by default, as Civic documents
         * @return this builder
         */
        public Builder tokenLifetime(Duration value) {
            Objects.requireNonNull(value, "tokenLifetime == null");
            if (value.getSeconds() < 1) {
                throw new IllegalArgumentException("tokenLifetime must be at least one second, was " + value);
            }
            this.tokenLifetime = value;
            return this;
        }

        /**
         * Hides each new pass from retrieve and list until its issue is confirmed (or has failed);
         * meanwhile an update or revoke of it answers 404 as for an unknown pass. Civic warns a
         * pass may take seconds to minutes to show, so this is the default.
         *
         * @param value true to hide (the default); false to show passes at once, kinder than Civic
         * @return this builder
         */
        public Builder hideUntilConfirmed(boolean value) {
            this.hideUntilConfirmed = value;
            return this;
        }

        /**
         * Sets what issuing to a wallet whose pass is live or pending does; Civic does not say.
         *
         * @param value the behaviour; {@link ReissueBehaviour#REFUSE} (409) by default
         * @return this builder
         */
        public Builder reissueBehaviour(ReissueBehaviour value) {
            this.reissueBehaviour = Objects.requireNonNull(value, "reissueBehaviour == null");
            return this;
        }

        /**
         * Sets what an update asking for the state the pass already has (or the expiry it already
         * has) does; Civic does not say.
         *
         * @param value the behaviour; {@link RepeatedUpdateBehaviour#NEW_TRANSACTION} by default
         * @return this builder
         */
        public Builder repeatedUpdateBehaviour(RepeatedUpdateBehaviour value) {
            this.repeatedUpdateBehaviour = Objects.requireNonNull(value, "repeatedUpdateBehaviour == null");
            return this;
        }

        /**
         * Sets whether a PII request is available only until retrieved, as Civic documents ("for at
         * most 7 days or until retrieved"): once a read has handed out its verified information,
         * later reads answer 404 while its evidence and the decision stay available. A read before
         * {@code verification-success} shows no information, so it does not count.
         *
         * @param value true (the default) for one read; false to allow any number within 7 days
         * @return this builder
         */
        public Builder piiReadOnce(boolean value) {
            this.piiReadOnce = value;
            return this;
        }

        /**
         * Makes error bodies carry what a careless server might put in them, so a test can prove
         * a client never shows an error body as it came: the token endpoint's 401
         * {@code error_description} names the client secret presented; a PII decision's 409 names
         * the request's name, document number and email; every other 4xx of the API (the fake's
         * refusals and its injected status faults without a body of their own) names the Bearer
         * token presented.
         *
         * @param value true to echo; false by default
         * @return this builder
         */
        public Builder echoSecretsInErrors(boolean value) {
            this.echoSecretsInErrors = value;
            return this;
        }

        /**
         * Sets the clock (to share one between fakes, say).
         *
         * @param value the clock; a new {@link FakeClock#system()} by default
         * @return this builder
         */
        public Builder clock(FakeClock value) {
            this.clock = Objects.requireNonNull(value, "clock == null");
            return this;
        }

        /**
         * Starts the fake.
         *
         * @return the running fake; close it when done
         * @throws java.io.UncheckedIOException when the port cannot be bound
         */
        public FakeCivic start() {
            if (clock == null) {
                clock = FakeClock.system();
            }
            return new FakeCivic(this);
        }

        static Duration nonNegative(String field, Duration value) {
            Objects.requireNonNull(value, field + " == null");
            if (value.isNegative()) {
                throw new IllegalArgumentException(field + " must not be negative, was " + value);
            }
            return value;
        }
    }
}
