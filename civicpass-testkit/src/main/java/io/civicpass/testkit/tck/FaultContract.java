package io.civicpass.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.RetryPolicy;
import io.civicpass.error.AuthenticationException;
import io.civicpass.error.CivicApiException;
import io.civicpass.error.CivicTransportException;
import io.civicpass.error.OutcomeUnknownException;
import io.civicpass.error.InvalidResponseException;
import io.civicpass.error.RateLimitedException;
import io.civicpass.error.ServerException;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.testkit.tck.ContractHarness.AsyncCalls;
import io.civicpass.testkit.tck.ContractHarness.Calls;
import io.civicpass.testkit.tck.TransportContract.Mode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults: every fault kind mapped to the library's exceptions (rate limits, server errors,
 * unusable bodies, dropped and refused connections, 401 and 403, redirects not followed), no
 * silent resend by the HTTP library, retries per policy, one pass per issue even when the response
 * is lost, bounded timeouts, cancelling an asynchronous call mid-exchange, and latency within the
 * timeout.
 */
abstract class FaultContract extends ContractGroup {

    /**
     * The group over the harness of its enclosing contract.
     *
     * @param harness the harness
     */
    FaultContract(ContractHarness harness) {
        super(harness);
    }

    /**
     * 429 with {@code Retry-After} beyond what the policy waits: {@link RateLimitedException}
     * carrying the wait.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void rateLimitedCarriesRetryAfter(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        fake().inject(Fault.status(429).withRetryAfter("120"), RequestMatcher.of("GET", "/partner/pass/**"), 1);
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
    @MethodSource("faces")
    void serverErrorsMapped(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none()));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake().inject(Fault.status(500), RequestMatcher.apiRequests(), 1);
        assertThat(expect(ServerException.class, () -> civic.find(key)).status()).isEqualTo(500);
        fake().inject(Fault.htmlErrorPage(502), RequestMatcher.apiRequests(), 1);
        assertThat(expect(ServerException.class, () -> civic.find(key)).status()).isEqualTo(502);
        fake().inject(Fault.status(503), RequestMatcher.apiRequests(), 1);
        assertThat(expect(ServerException.class, () -> civic.list(PassQuery.all())).status()).isEqualTo(503);
    }

    /**
     * A 2xx body that is malformed, cut short or empty is an {@link InvalidResponseException}.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void unusableBodiesMapped(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none()));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake().seedPass(key, PassState.ACTIVE);
        fake().inject(Fault.malformedBody(), RequestMatcher.of("GET", "/partner/pass/**"), 1);
        expect(InvalidResponseException.class, () -> civic.get(key));
        fake().inject(Fault.truncatedBody(), RequestMatcher.of("POST", "/partner/pass"), 1);
        expect(InvalidResponseException.class, () -> civic.list(PassQuery.all()));
        fake().inject(Fault.emptyBody(), RequestMatcher.of("GET", "/partner/pass/**"), 1);
        expect(InvalidResponseException.class, () -> civic.get(key));
        assertThat(civic.get(key).walletAddress()).isEqualTo(key.wallet().value());
    }

    /**
     * A dropped connection is a {@link CivicTransportException}; the HTTP library does not
     * repeat the request on its own.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void connectionResetMappedAndNotRepeated(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none().toBuilder()
                .reconcileWindow(Duration.ofMillis(300)).build()));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake().inject(Fault.connectionReset(), RequestMatcher.of("GET", "/partner/pass/**"), 1);
        CivicTransportException failure = expect(CivicTransportException.class, () -> civic.find(key));
        assertThat(failure.kind()).isNotEqualTo(CivicTransportException.Kind.CONNECT);
        assertThat(fake().journal().count(RequestMatcher.of("GET", "/partner/pass/**"))).isEqualTo(1);

        fake().inject(Fault.connectionReset(), RequestMatcher.of("POST", "/partner/pass/*/*"), 1);
        OutcomeUnknownException unknown = expect(OutcomeUnknownException.class, () -> civic.issue(key));
        assertThat(unknown.getCause()).isInstanceOfSatisfying(CivicTransportException.class,
                reset -> assertThat(reset.requestMayHaveBeenSent()).isTrue());
        assertThat(unknown.key()).isEqualTo(key);
        assertThat(fake().journal().count(RequestMatcher.of("POST", "/partner/pass/*/*"))).isEqualTo(1);
        assertThat(fake().passes()).isEmpty();
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
    @MethodSource("faces")
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
        assertThat(fake().journal().apiRequests()).isEmpty();
    }

    /**
     * A 503 with {@code Retry-After: 0} to a request without a body (a revoke) reaches the caller
     * as a {@link ServerException} after exactly one request: the HTTP library does not send it
     * again on its own, as OkHttp and the JDK client otherwise do for such a request.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void unavailableBodilessRequestNotResent(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none()));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake().seedPass(key, PassState.ACTIVE);
        RequestMatcher revokes = RequestMatcher.of("DELETE", "/partner/pass/**");
        fake().inject(Fault.status(503).withRetryAfter("0"), revokes, 1);
        assertThat(expect(ServerException.class, () -> civic.revoke(key)).status()).isEqualTo(503);
        assertThat(fake().journal().count(revokes)).isEqualTo(1);
    }

    /**
     * A 401 from the API on a fresh token, or 403, is an {@link AuthenticationException}.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void forbiddenMapped(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none()));
        fake().inject(Fault.status(403), RequestMatcher.apiRequests(), 1);
        assertThat(expect(AuthenticationException.class, () -> civic.list(PassQuery.all())).status()).isEqualTo(403);
        fake().inject(Fault.status(401), RequestMatcher.apiRequests(), 2);
        assertThat(expect(AuthenticationException.class, () -> civic.list(PassQuery.all())).status()).isEqualTo(401);
    }

    /**
     * A redirect is not followed (it could carry the token elsewhere): the caller gets the 3xx.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void redirectsNotFollowed(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none()));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake().seedPass(key, PassState.ACTIVE);
        fake().inject(Fault.status(307).withHeader("Location", fake().apiUrl() + "/pass"),
                RequestMatcher.of("GET", "/partner/pass/**"), 1);
        CivicApiException failure = expect(CivicApiException.class, () -> civic.get(key));
        assertThat(failure.status()).isEqualTo(307);
        assertThat(fake().journal().apiRequests()).hasSize(1);
    }

    /**
     * A 503 on a safe call is retried per the policy and then succeeds.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void unavailableRetriedThenSucceeds(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake().seedPass(key, PassState.ACTIVE);
        RequestMatcher reads = RequestMatcher.of("GET", "/partner/pass/**");
        fake().inject(Fault.status(503), reads, 2);
        assertThat(civic.get(key).walletAddress()).isEqualTo(key.wallet().value());
        assertThat(fake().journal().count(reads)).isEqualTo(3);
    }

    /**
     * Issue never creates two passes: neither when the response to a processed issue is lost
     * nor when the request itself is lost.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void issueNeverCreatesTwoPasses(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(FakeCivic.fastRetryPolicy().toBuilder()
                .reconcileWindow(Duration.ofSeconds(2)).build()));
        RequestMatcher issues = RequestMatcher.of("POST", "/partner/pass/*/*");

        PassKey lostResponse = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake().inject(Fault.connectionReset().afterProcessing(), issues, 1);
        Pass reconciled = civic.issue(lostResponse);
        assertThat(reconciled.walletAddress()).isEqualTo(lostResponse.wallet().value());
        assertThat(fake().passes()).hasSize(1);
        assertThat(fake().journal().count(issues)).isEqualTo(1);

        PassKey ambiguous = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake().inject(Fault.status(503).afterProcessing(), issues, 1);
        civic.issue(ambiguous);
        assertThat(fake().passes()).hasSize(2);

        // A request lost before Civic processed it looks like one whose answer was lost: the client
        // cannot tell, so it does not send it again and says the outcome is unknown; issuing again settles it.
        PassKey lostRequest = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        fake().inject(Fault.connectionReset(), issues, 1);
        expect(OutcomeUnknownException.class, () -> civic.issue(lostRequest));
        assertThat(fake().passes()).hasSize(2);
        civic.issue(lostRequest);
        assertThat(fake().passes()).hasSize(3);
        assertThat(fake().passes()).extracting(Pass::walletAddress).doesNotHaveDuplicates();

        // Issuing again for a pass that exists (Civic refuses it) answers with that pass.
        assertThat(civic.issue(ambiguous).walletAddress()).isEqualTo(ambiguous.wallet().value());
        assertThat(fake().duplicateIssuances()).isZero();
    }

    /**
     * A response slower than the request timeout fails promptly with a timeout.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void slowResponseTimesOut(Mode mode) {
        Calls civic = calls(mode, config -> config.retryPolicy(RetryPolicy.none())
                .requestTimeout(Duration.ofMillis(300)));
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        civic.find(key); // token first, so only the API call is slow
        fake().inject(Fault.latency(Duration.ofSeconds(3)), RequestMatcher.of("GET", "/partner/pass/**"), 1);
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
        fake().seedPass(key, PassState.ACTIVE);
        RequestMatcher reads = RequestMatcher.of("GET", "/partner/pass/**");
        AsyncCalls.join(civic.get(key)); // token first, so only the API call is slow
        fake().inject(Fault.latency(Duration.ofSeconds(10)), reads, 1);
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
    @MethodSource("faces")
    void latencyWithinTimeoutSucceeds(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        fake().inject(Fault.randomLatency(Duration.ofMillis(20), Duration.ofMillis(80)), RequestMatcher.any(), 3);
        assertThat(civic.find(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet()))).isEmpty();
    }
}
