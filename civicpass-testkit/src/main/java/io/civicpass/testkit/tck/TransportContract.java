package io.civicpass.testkit.tck;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.spi.Transport;
import io.civicpass.testkit.FakeCivic;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

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
 * <p>The tests are grouped by concern into {@code @Nested} classes, so a failure names its area:
 * {@code Lifecycle}, {@code Paging}, {@code Pii}, {@code Tokens}, {@code Faults},
 * {@code Concurrency}, {@code Proxy}, {@code Tls}, {@code Requests}, {@code Observability},
 * {@code HarshWorld} and {@code Leaks}. A transport's test class extends this class only; the
 * groups come with it.
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
 * cancelling an asynchronous call mid-exchange, no secret in any exception, the {@code User-Agent},
 * and the configuration's HTTP proxy (through a recording proxy on loopback: credentials to the
 * proxy only, no-proxy hosts reached directly) and TLS trust store and client certificate
 * (against HTTPS servers on loopback with certificates made by the JDK's {@code keytool}).
 * {@code HarshWorld} adds a harsher Civic: lost issue responses under each re-issue behaviour,
 * failed chain transactions, read-once PII, missing scopes, a server slower than the call's
 * deadline, error bodies echoing secrets and personal data, 64 concurrent issues under latency, and
 * 64 concurrent issues on a slow server struck by every fault kind.
 * {@code Leaks} checks that closing a client ends the threads and closes the connections it
 * started ({@link #sharedThread(Thread)} names threads the test class shares), and that no log
 * line, at any level, holds a secret or personal data from error bodies that echo them (the
 * transport logging all it can, {@link #createLoggingTransport()}).
 * The suite needs {@code junit-jupiter-params} and {@code assertj-core} on the test classpath.
 *
 * <p>A case that exercises one of Civic's operations is tagged with the contract's operation id,
 * {@code @Tag("operation:getPass")} (the ids of the testkit's {@code civic-contract.json}); the
 * build fails when an operation has no such case. {@code -Dgroups=operation:getPass} runs one
 * operation's cases.
 *
 * <p>A module that offers a further face over the non-blocking client (Vert.x futures, say) names
 * it in {@link #adaptedFace()}: the tests that run on each face then run a third time, through it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TransportContract {

    /** How long the suite waits for confirmations; the fake confirms within a fraction of it. */
    protected static final Duration CONFIRMATION_TIMEOUT = Duration.ofSeconds(10);

    private FakeCivic fake;
    private final ContractHarness harness = new ContractHarness(this);

    /** For subclasses: a transport's test class says how to create its transport. */
    // The harness only keeps the reference; it calls back once the tests run (JDK 21+ lint).
    @SuppressWarnings("this-escape")
    protected TransportContract() {
    }

    /**
     * Creates the transport under test. Called once for each client the suite builds.
     *
     * @return a new transport
     */
    protected abstract Transport createTransport();

    /**
     * Whether the transport under test applies the configuration's proxy and TLS settings, as a
     * transport building its own HTTP client must. A test class whose transport is handed a user's
     * own HTTP client (which keeps its own proxy and TLS settings), or that sends nothing over a
     * network, returns false: the {@code Proxy} and {@code Tls} groups then check that the
     * settings are left alone (requests reach the fake directly; a server only the given trust
     * store trusts is not trusted) instead.
     *
     * @return true unless overridden
     */
    protected boolean appliesProxyAndTlsSettings() {
        return true;
    }

    /**
     * Creates the transport under test with the most verbose logging it offers or documents,
     * writing through {@code java.util.logging} or {@link System.Logger} (where its library logs
     * through something else, route that there), so the suite can show that no secret and no
     * personal data reaches a log line. Called once for each client of that test. By default
     * {@link #createTransport()}: for a transport that offers no logging of its own, whatever its
     * HTTP library logs is captured anyway.
     *
     * @return a new transport, logging all it can
     */
    protected Transport createLoggingTransport() {
        return createTransport();
    }

    /**
     * Whether a thread belongs to something the test class shares among its clients (a Vert.x
     * instance handed to every transport, say), so that closing one client need not end it. The
     * suite checks that closing a client ends every other thread that started while the client
     * lived. By default no thread is shared.
     *
     * @param thread a thread that started while a client lived
     * @return true when the thread is the test class's, not the client's
     */
    protected boolean sharedThread(Thread thread) {
        return false;
    }

    /**
     * A further non-blocking face the transport's module offers over {@link CivicPassAsyncClient}
     * (Vert.x futures, say), for the suite to run through as well ({@link Mode#ADAPTED}): every
     * test that runs on each face, and each test that holds the non-blocking client's stages
     * itself (concurrent calls, load, leaks), runs on it too. Not run on it: the tests of the
     * blocking client's own features (streams, threads, per-call options, cancelling through a
     * handle), of the non-blocking client's own per-call options and cancelling (a face over it
     * need not offer them), and the {@code Tls} group, which speaks to the transport without a
     * client. By default none.
     *
     * @return the face, or empty when the module offers none
     */
    protected Optional<AdaptedFace> adaptedFace() {
        return Optional.empty();
    }

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

    /** The client faces each test runs through. */
    protected enum Mode {
        /** The blocking {@link CivicPassClient}. */
        SYNC,
        /** The non-blocking {@link CivicPassAsyncClient}, built with {@code buildAsync()}. */
        ASYNC,
        /**
         * The test class's own face over that non-blocking client ({@link #adaptedFace()}); run only
         * where the test class offers one.
         */
        ADAPTED
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
        harness.reset();
    }

    /**
     * Closes the test's clients and checks that no failure it provoked shows the client secret or
     * an access token.
     *
     * @throws Exception when a client fails to close
     */
    @AfterEach
    final void closeClientsAndCheckSecrets() throws Exception {
        harness.closeClientsAndCheckSecrets();
    }

    /**
     * A blocking client over a new transport, configured for the fake (fast retries, the fake's
     * clock) and tuned; closed after the test.
     *
     * @param tune changes to the configuration
     * @return the client
     */
    protected final CivicPassClient syncClient(UnaryOperator<CivicPassConfig.Builder> tune) {
        return harness.syncClient(tune);
    }

    /**
     * A non-blocking client over a new transport, configured like {@link #syncClient}.
     *
     * @param tune changes to the configuration
     * @return the client
     */
    protected final CivicPassAsyncClient asyncClient(UnaryOperator<CivicPassConfig.Builder> tune) {
        return harness.asyncClient(tune);
    }

    /**
     * A new valid EVM wallet address, lower case, distinct within the test class.
     *
     * @return the address
     */
    protected final String nextEvmWallet() {
        return harness.nextEvmWallet();
    }

    /** The pass lifecycle with confirmation, not-found handling, seeded passes. */
    @Nested
    class Lifecycle extends LifecycleContract {
        Lifecycle() {
            super(harness);
        }
    }

    /** List paging and filters, lazy pagination, a failing page. */
    @Nested
    class Paging extends PagingContract {
        Paging() {
            super(harness);
        }
    }

    /** PII review, evidence and decisions; links outside the API base. */
    @Nested
    class Pii extends PiiContract {
        Pii() {
            super(harness);
        }
    }

    /** Token reuse, request styles, expiry, recovery, wrong credentials, unusable responses. */
    @Nested
    class Tokens extends TokenContract {
        Tokens() {
            super(harness);
        }
    }

    /** Every fault kind, retries, no silent resend, one pass per issue, timeouts, cancelling. */
    @Nested
    class Faults extends FaultContract {
        Faults() {
            super(harness);
        }
    }

    /** Concurrent calls on one client, both faces. */
    @Nested
    class Concurrency extends ConcurrencyContract {
        Concurrency() {
            super(harness);
        }
    }

    /** The configuration's HTTP proxy: through it with credentials, around it for no-proxy hosts. */
    @Nested
    class Proxy extends ProxyContract {
        Proxy() {
            super(harness);
        }
    }

    /** The settings' TLS trust store and client certificate, against HTTPS servers on loopback. */
    @Nested
    class Tls extends TlsContract {
        Tls() {
            super(harness);
        }
    }

    /** Validation before any request, and the headers sent. */
    @Nested
    class Requests extends RequestContract {
        Requests() {
            super(harness);
        }
    }

    /** The listener's events for calls that succeed, retry, refresh their token and fail; per-call options. */
    @Nested
    class Observability extends ObservabilityContract {
        Observability() {
            super(harness);
        }
    }

    /** Nothing left behind: threads and connections after close, secrets and personal data in logs. */
    @Nested
    class Leaks extends LeakContract {
        Leaks() {
            super(harness);
        }
    }

    /** A harsher Civic: lost responses, failed transactions, read-once PII, scopes, deadlines, echoes, load. */
    @Nested
    class HarshWorld extends HarshWorldContract {
        HarshWorld() {
            super(harness);
        }
    }
}
