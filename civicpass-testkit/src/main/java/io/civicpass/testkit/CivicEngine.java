package io.civicpass.testkit;

import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.model.PiiStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The fake's coordinator: clients, tokens, passes with their events, PII requests, armed faults
 * and the journal, judged by a {@link FakeClock}. Both faces (HTTP and in-memory) feed it
 * requests and send back what it answers, so they behave alike; the work is done by its rooms
 * ({@link Router}, {@link OAuthDesk}, {@link PassLedger}, {@link PiiDesk}, {@link FaultPlan}),
 * which write JSON with their own mapper ({@link JsonWriter}), never with the client's codec.
 * Thread-safe: state changes happen under one lock that the rooms share, and a request takes it
 * only for the passes, PII requests and armed faults it touches.
 */
final class CivicEngine {

    private final Object lock = new Object();
    /** Notified on every {@link #reset()}, so exchanges waiting out a delay stop waiting. */
    private final Object resets = new Object();
    /** Counts the resets: an exchange accepted before the latest one is left unanswered. */
    private volatile long generation;
    private final FakeClock clock;
    private final RequestJournal journal;
    private final Client defaultClient;
    private final FaultPlan faults;
    private final OAuthDesk oauth;
    private final PassLedger ledger;
    private final PiiDesk pii;
    private final Router router;
    private final Switches switches;

    CivicEngine(FakeClock clock, Duration confirmationDelay, Duration tokenLifetime, Switches switches,
                Client defaultClient, int journalCapacity) {
        this.journal = new RequestJournal(journalCapacity);
        this.clock = clock;
        this.defaultClient = defaultClient;
        this.switches = switches;
        this.faults = new FaultPlan(lock, switches);
        this.oauth = new OAuthDesk(clock, tokenLifetime, defaultClient, switches);
        this.ledger = new PassLedger(lock, clock, confirmationDelay, switches, oauth::client);
        this.pii = new PiiDesk(lock, clock, switches);
        this.router = new Router(oauth, ledger, pii, switches);
    }

    /**
     * A client registered with the fake: credentials, the gatekeeper network of its passes and the
     * scopes its tokens are granted.
     */
    record Client(String id, String secret, String gatekeeperNetwork, List<String> scopes) {
        Client {
            scopes = List.copyOf(scopes);
        }

        /** A client with every scope Civic documents. */
        Client(String id, String secret, String gatekeeperNetwork) {
            this(id, secret, gatekeeperNetwork, OAuthDesk.SCOPES);
        }

        @Override
        public String toString() {
            return "Client[" + id + "]";
        }
    }

    // ------------------------------------------------------------------------------ faces' entry point

    /** A received request: record it, pick its fault, and let the face run it. */
    Exchange accept(RecordedRequest request) {
        journal.record(request);
        Fault fault = faults.take(request);
        return new Exchange(request, fault);
    }

    /**
     * One request on its way through the engine. A {@link #reset()} after it arrived ends it: it
     * is neither processed nor answered (its connection is dropped), so a request a previous test
     * left waiting out a latency can never act on the next test's state or hold a connection
     * past the reset.
     */
    final class Exchange {
        private final long acceptedIn = generation;
        private final RecordedRequest request;
        private final Fault fault;
        private final Duration delayBefore;
        private final Duration delayAfter;

        private Exchange(RecordedRequest request, Fault fault) {
            this.request = request;
            this.fault = fault;
            boolean latency = fault != null && fault.kind() == Fault.Kind.LATENCY;
            Duration drawn = latency ? fault.drawDelay() : Duration.ZERO;
            this.delayBefore = latency && !fault.isAfterProcessing() ? drawn : Duration.ZERO;
            this.delayAfter = latency && fault.isAfterProcessing() ? drawn : Duration.ZERO;
        }

        /** How long the face waits before calling {@link #respond()}. */
        Duration delayBeforeProcessing() {
            return delayBefore;
        }

        /**
         * Whether the fake was reset after this request arrived.
         *
         * @return true when the exchange must be left unanswered
         */
        boolean outlived() {
            return acceptedIn != generation;
        }

        /**
         * Waits out a delay of this exchange, ending early when the fake is reset.
         *
         * @param delay how long; zero or negative for no wait
         * @throws InterruptedException when the waiting thread is interrupted (the fake stopping)
         */
        void await(Duration delay) throws InterruptedException {
            if (delay.isZero() || delay.isNegative()) {
                return;
            }
            long end = System.nanoTime() + delay.toNanos();
            synchronized (resets) {
                for (long left = delay.toNanos(); left > 0 && !outlived(); left = end - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(resets, left);
                }
            }
        }

        /**
         * Processes the request (unless its fault prevents it) and gives the outcome; a dropped
         * connection, without processing, once the fake was reset after the request arrived.
         */
        EngineResponse respond() {
            if (outlived()) {
                return EngineResponse.dropped();
            }
            if (fault == null) {
                return router.process(request);
            }
            return faults.answer(fault, delayAfter, request, () -> router.process(request));
        }
    }

    // ------------------------------------------------------------------------------ controls

    RequestJournal journal() {
        return journal;
    }

    /** Serves the admin API from now on. */
    void enableAdmin(AdminDesk desk) {
        router.enableAdmin(desk);
    }

    /** The admin desk, or null when the admin API is not served. */
    AdminDesk adminDesk() {
        return router.admin();
    }

    /** Answers an admin request: not journalled, not faulted (see {@link Router#processAdmin}). */
    EngineResponse admin(RecordedRequest request, String query) {
        return router.processAdmin(request, query);
    }

    OAuthDesk oauth() {
        return oauth;
    }

    LedgerBackdoor backdoor() {
        return ledger.backdoor();
    }

    PiiDesk pii() {
        return pii;
    }

    void setApiUrl(URI value) {
        pii.setApiUrl(value);
    }

    void setConfirmationDelay(Duration value) {
        ledger.setConfirmationDelay(value);
    }

    Duration confirmationDelay() {
        return ledger.confirmationDelay();
    }

    FakeClock clock() {
        return clock;
    }

    Client defaultClient() {
        return defaultClient;
    }

    void inject(Fault fault, RequestMatcher matcher, int times) {
        faults.inject(fault, matcher, times);
    }

    void clearFaults() {
        faults.clear();
    }

    void registerClient(Client client) {
        oauth.registerClient(client);
    }

    void revokeTokens() {
        oauth.revokeTokens();
    }

    int activeTokens() {
        return oauth.activeTokens();
    }

    /**
     * Back to a fresh fake, in one step under the lock: a request sees all of it or none. The
     * switches go back to the builder's values. Exchanges still under way are ended unanswered
     * (see {@link Exchange}).
     */
    void reset() {
        synchronized (lock) {
            switches.reset();
            faults.clear();
            oauth.revokeTokens();
            ledger.clear();
            pii.clear();
            oauth.forgetClients();
            journal.clear();
            generation++;
        }
        synchronized (resets) {
            resets.notifyAll();
        }
    }

    Optional<Pass> pass(String clientId, PassKey key) {
        return ledger.pass(clientId, key);
    }

    Optional<Pass> anyPass(PassKey key) {
        return ledger.anyPass(defaultClient.id(), key);
    }

    List<Pass> passes() {
        return ledger.passes();
    }

    Optional<Instant> expiry(PassKey key) {
        return ledger.expiry(key);
    }

    Switches switches() {
        return switches;
    }

    void failNextConfirmation(PassKey key) {
        ledger.failNextConfirmation(key);
    }

    int transactions(String clientId, PassKey key) {
        return ledger.transactions(clientId, key, false);
    }

    int anyTransactions(PassKey key) {
        return ledger.transactions(defaultClient.id(), key, true);
    }

    int reissueAttempts() {
        return ledger.reissueAttempts();
    }

    int duplicateIssuances() {
        return ledger.duplicateIssuances();
    }

    Pass seedPass(String clientId, PassKey key, PassState state) {
        return ledger.seedPass(clientId, key, state);
    }

    String seedPii(PiiSeed seed) {
        return pii.seed(seed);
    }

    PiiStatus piiStatus(String id) {
        return pii.status(id);
    }
}
