package io.civicpass.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.CallOptions;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.RetryPolicy;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.error.ServerException;
import io.civicpass.event.CallFinished;
import io.civicpass.event.CallListener;
import io.civicpass.event.CallStarted;
import io.civicpass.event.CivicPassListener;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.retrofit.RetrofitTransport;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.FakeCivicExtension;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RecordedRequest;
import io.civicpass.testkit.RequestMatcher;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.ObservationContextAssert;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.observation.transport.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The observations and meters of real calls through the Retrofit transport against the fake
 * Civic API over HTTP, with Micrometer's test registry and a simple meter registry.
 */
class CivicPassObservationTest {

    @RegisterExtension
    static FakeCivicExtension civic = FakeCivicExtension.builder().perClass().build();

    private static final String WALLET = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";
    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, WALLET);
    private static final String PASS_TEMPLATE = "/pass/{chain}/{chainNetwork}/{wallet}";
    private static final String CALL = DefaultCivicPassCallObservationConvention.NAME;
    private static final String HTTP = DefaultCivicPassHttpObservationConvention.NAME;

    private FakeCivic fake;
    private TestObservationRegistry observations;
    private SimpleMeterRegistry meters;
    private CivicPassClient client;
    private Recorded.ContainedFailures contained;

    @BeforeEach
    void setUp() {
        fake = civic.fake();
        observations = TestObservationRegistry.create();
        meters = new SimpleMeterRegistry();
        client = client(fake.config(), CivicPassObservation.listener(observations, meters));
        contained = new Recorded.ContainedFailures();
    }

    @AfterEach
    void tearDown() {
        client.close();
        contained.close();
        // Micrometer's test registry validates each observation's lifecycle by throwing; a
        // listener contains that, so a broken lifecycle shows here.
        assertThat(contained.lines()).as("failures the listeners contained or let through").isEmpty();
    }

    private static CivicPassClient client(CivicPassConfig config, CivicPassListener... listeners) {
        var builder = CivicPassClient.builder().config(config).transport(RetrofitTransport.create());
        for (CivicPassListener listener : listeners) {
            builder.listener(listener);
        }
        return builder.build();
    }

    @Test
    void aCallThatSucceedsIsOneClientObservationWithOneHttpChildAndItsMeters() {
        fake.seedPass(KEY, PassState.ACTIVE);

        client.get(KEY);

        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo(CALL, 1)
                .hasNumberOfObservationsWithNameEqualTo(HTTP, 1)
                .hasNumberOfObservationsEqualTo(2);
        CivicPassCallContext call = Recorded.onlyCall(observations);
        ObservationContextAssert.assertThat(call)
                .hasNameEqualTo(CALL)
                .hasContextualNameEqualTo("CivicPass.get")
                .hasLowCardinalityKeyValue("rpc.system", "civicpass")
                .hasLowCardinalityKeyValue("rpc.service", "CivicPass")
                .hasLowCardinalityKeyValue("rpc.method", "get")
                .hasLowCardinalityKeyValue("outcome", "success")
                .hasLowCardinalityKeyValue("error.type", "none")
                .doesNotHaveError()
                .doesNotHaveParentObservation();
        assertThat(keys(call.getLowCardinalityKeyValues()))
                .containsExactlyInAnyOrder("rpc.system", "rpc.service", "rpc.method", "outcome", "error.type");
        assertThat(call.getKind()).isEqualTo(Kind.CLIENT);
        assertThat(call.getRemoteServiceName()).isEqualTo("CivicPass");

        List<CivicPassHttpContext> attempts = Recorded.attemptsOf(observations, call);
        assertThat(attempts).hasSize(1);
        ObservationContextAssert.assertThat(attempts.get(0))
                .hasNameEqualTo(HTTP)
                .hasContextualNameEqualTo("GET " + PASS_TEMPLATE)
                .hasLowCardinalityKeyValue("http.request.method", "GET")
                .hasLowCardinalityKeyValue("url.template", PASS_TEMPLATE)
                .hasLowCardinalityKeyValue("http.response.status_code", "200")
                .hasLowCardinalityKeyValue("error.type", "none")
                .doesNotHaveHighCardinalityKeyValueWithKey("http.request.resend_count")
                .hasHighCardinalityKeyValue("civicpass.next_step", "end")
                .doesNotHaveHighCardinalityKeyValueWithKey("civicpass.retry_reason")
                .doesNotHaveError();
        assertThat(keys(attempts.get(0).getLowCardinalityKeyValues())).containsExactlyInAnyOrder(
                "http.request.method", "url.template", "http.response.status_code", "error.type");
        assertThat(attempts.get(0).getKind()).isEqualTo(Kind.CLIENT);

        assertThat(meters.get(CivicPassMetrics.OPERATION_DURATION)
                .tags("operation", "get", "outcome", "success", "error.type", "none").timer().count()).isEqualTo(1);
        assertThat(tagKeys(meters.get(CivicPassMetrics.OPERATION_DURATION).timer()))
                .containsExactlyInAnyOrder("operation", "outcome", "error.type");
        assertThat(meters.get(CivicPassMetrics.TOKEN_FETCH_DURATION)
                .tags("trigger", "cold", "outcome", "success").timer().count()).isEqualTo(1);
        assertThat(tagKeys(meters.get(CivicPassMetrics.TOKEN_FETCH_DURATION).timer()))
                .containsExactlyInAnyOrder("trigger", "outcome");
        assertThat(meters.find(CivicPassMetrics.RETRIES).meters()).isEmpty();
        assertThat(meters.find(CivicPassMetrics.BUDGET_REFUSALS).meters()).isEmpty();
    }

    @Test
    void aCallRetriedAfterA503HasTwoHttpChildrenTheSecondAResend() {
        fake.seedPass(KEY, PassState.ACTIVE);
        fake.inject(Fault.status(503), RequestMatcher.of("PATCH", "/partner/pass/**"), 1);

        client.freeze(KEY);

        CivicPassCallContext call = Recorded.onlyCall(observations);
        ObservationContextAssert.assertThat(call)
                .hasContextualNameEqualTo("CivicPass.freeze")
                .hasLowCardinalityKeyValue("rpc.method", "freeze")
                .hasLowCardinalityKeyValue("outcome", "success")
                .hasLowCardinalityKeyValue("error.type", "none")
                .doesNotHaveError();
        List<CivicPassHttpContext> attempts = Recorded.attemptsOf(observations, call);
        assertThat(attempts).hasSize(2);
        ObservationContextAssert.assertThat(attempts.get(0))
                .hasContextualNameEqualTo("PATCH " + PASS_TEMPLATE)
                .hasLowCardinalityKeyValue("http.request.method", "PATCH")
                .hasLowCardinalityKeyValue("url.template", PASS_TEMPLATE)
                .hasLowCardinalityKeyValue("http.response.status_code", "503")
                .hasLowCardinalityKeyValue("error.type", "ServerException")
                .doesNotHaveHighCardinalityKeyValueWithKey("http.request.resend_count")
                .hasHighCardinalityKeyValue("civicpass.next_step", "retry")
                .hasHighCardinalityKeyValue("civicpass.retry_reason", "server_error")
                .hasError();
        assertThat(attempts.get(0).getError()).isInstanceOf(CivicPassFailure.class).hasMessage("ServerException");
        ObservationContextAssert.assertThat(attempts.get(1))
                .hasLowCardinalityKeyValue("http.response.status_code", "200")
                .hasLowCardinalityKeyValue("error.type", "none")
                .hasHighCardinalityKeyValue("http.request.resend_count", "1")
                .hasHighCardinalityKeyValue("civicpass.next_step", "end")
                .doesNotHaveError();
        attempts.forEach(attempt -> ObservationContextAssert.assertThat(attempt).hasParentObservationContextSatisfying(
                parent -> assertThat(parent).isSameAs(call)));

        assertThat(meters.get(CivicPassMetrics.RETRIES).tags("operation", "freeze", "reason", "server_error")
                .counter().count()).isEqualTo(1.0);
        assertThat(meters.find(CivicPassMetrics.RETRIES).counters()).hasSize(1);
        assertThat(tagKeys(meters.get(CivicPassMetrics.RETRIES).counter()))
                .containsExactlyInAnyOrder("operation", "reason");
        assertThat(meters.get(CivicPassMetrics.OPERATION_DURATION)
                .tags("operation", "freeze", "outcome", "success", "error.type", "none").timer().count()).isEqualTo(1);
    }

    @Test
    void aCallWhoseTokenIsRefusedOnceFetchesANewOneAndResends() {
        fake.seedPass(KEY, PassState.ACTIVE);
        client.get(KEY);                 // the client now holds a token
        fake.revokeTokens();             // which the API refuses from now on (401)
        observations.clear();

        client.get(KEY);

        CivicPassCallContext call = Recorded.onlyCall(observations);
        ObservationContextAssert.assertThat(call)
                .hasLowCardinalityKeyValue("outcome", "success")
                .hasLowCardinalityKeyValue("error.type", "none");
        List<CivicPassHttpContext> attempts = Recorded.attemptsOf(observations, call);
        assertThat(attempts).hasSize(2);
        ObservationContextAssert.assertThat(attempts.get(0))
                .hasLowCardinalityKeyValue("http.response.status_code", "401")
                .hasLowCardinalityKeyValue("error.type", "AuthenticationException")
                .hasHighCardinalityKeyValue("civicpass.next_step", "retry")
                .hasHighCardinalityKeyValue("civicpass.retry_reason", "token_refused");
        ObservationContextAssert.assertThat(attempts.get(1))
                .hasLowCardinalityKeyValue("http.response.status_code", "200")
                .hasHighCardinalityKeyValue("http.request.resend_count", "1");

        assertThat(meters.get(CivicPassMetrics.TOKEN_FETCH_DURATION).tags("trigger", "cold", "outcome", "success")
                .timer().count()).isEqualTo(1);
        assertThat(meters.get(CivicPassMetrics.TOKEN_FETCH_DURATION).tags("trigger", "refused", "outcome", "success")
                .timer().count()).isEqualTo(1);
        assertThat(meters.find(CivicPassMetrics.TOKEN_FETCH_DURATION).timers()).hasSize(2);
        assertThat(meters.get(CivicPassMetrics.RETRIES).tags("operation", "get", "reason", "token_refused")
                .counter().count()).isEqualTo(1.0);
        assertThat(meters.get(CivicPassMetrics.OPERATION_DURATION)
                .tags("operation", "get", "outcome", "success", "error.type", "none").timer().count()).isEqualTo(2);
    }

    @Test
    void aCallThatFailsAfterItsRetriesIsAFailedObservationWithItsErrorType() {
        fake.inject(Fault.status(503), RequestMatcher.of("GET", "/partner/pass/**"), 3);

        assertThatThrownBy(() -> client.get(KEY)).isInstanceOf(ServerException.class);

        CivicPassCallContext call = Recorded.onlyCall(observations);
        ObservationContextAssert.assertThat(call)
                .hasLowCardinalityKeyValue("outcome", "failure")
                .hasLowCardinalityKeyValue("error.type", "ServerException")
                .hasError();
        assertThat(call.getError()).isInstanceOf(CivicPassFailure.class).hasMessage("ServerException")
                .hasNoCause();
        assertThat(call.getError().getStackTrace()).isEmpty();
        List<CivicPassHttpContext> attempts = Recorded.attemptsOf(observations, call);
        assertThat(attempts).extracting(attempt -> attempt.getLowCardinalityKeyValue("http.response.status_code")
                .getValue()).containsExactly("503", "503", "503");
        assertThat(attempts).extracting(attempt -> attempt.getHighCardinalityKeyValue("civicpass.next_step")
                .getValue()).containsExactly("retry", "retry", "end");

        assertThat(meters.get(CivicPassMetrics.OPERATION_DURATION)
                .tags("operation", "get", "outcome", "failure", "error.type", "ServerException").timer().count())
                .isEqualTo(1);
        assertThat(meters.get(CivicPassMetrics.RETRIES).tags("operation", "get", "reason", "server_error")
                .counter().count()).isEqualTo(2.0);
        assertThat(meters.find(CivicPassMetrics.BUDGET_REFUSALS).meters()).isEmpty();
    }

    @Test
    void aRetryTheBudgetRefusesIsCountedAsARefusalNotARetry() {
        RetryPolicy noBudget = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(50)).totalTimeout(Duration.ofSeconds(10)).budget(0, 0).build();
        client.close();
        client = client(fake.configBuilder().retryPolicy(noBudget).requestTimeout(Duration.ofSeconds(5)).build(),
                CivicPassObservation.listener(observations, meters));
        fake.inject(Fault.status(503), RequestMatcher.of("GET", "/partner/pass/**"), 1);

        assertThatThrownBy(() -> client.get(KEY)).isInstanceOf(ServerException.class);

        CivicPassCallContext call = Recorded.onlyCall(observations);
        ObservationContextAssert.assertThat(Recorded.attemptsOf(observations, call).get(0))
                .hasHighCardinalityKeyValue("civicpass.next_step", "budget_refused");
        assertThat(meters.get(CivicPassMetrics.BUDGET_REFUSALS).tags("operation", "get").counter().count())
                .isEqualTo(1.0);
        assertThat(tagKeys(meters.get(CivicPassMetrics.BUDGET_REFUSALS).counter())).containsExactly("operation");
        assertThat(meters.find(CivicPassMetrics.RETRIES).meters()).isEmpty();
    }

    @Test
    void eachConfirmationPollIsCountedByWhatItFound() {
        fake.seedPass(KEY, PassState.ACTIVE);

        client.awaitConfirmed(KEY, Duration.ofSeconds(5));

        assertThat(meters.get(CivicPassMetrics.CONFIRMATION_POLLS).tags("result", "confirmed").counter().count())
                .isEqualTo(1.0);
        assertThat(meters.find(CivicPassMetrics.CONFIRMATION_POLLS).counters()).hasSize(1);
        assertThat(tagKeys(meters.get(CivicPassMetrics.CONFIRMATION_POLLS).counter())).containsExactly("result");
    }

    @Test
    void theRequestIdIsASpanAttributeOnlyWhenCivicSentOneAndNeverAMeterTag() {
        fake.seedPass(KEY, PassState.ACTIVE);
        fake.inject(Fault.status(503), RequestMatcher.of("GET", "/partner/pass/**"), 1);   // a fault: no request id
        List<String> toldToCaller = new CopyOnWriteArrayList<>();

        client.withOptions(CallOptions.builder().onRequestId(toldToCaller::add).build()).get(KEY);

        assertThat(toldToCaller).hasSize(1);
        String requestId = toldToCaller.get(0);
        CivicPassCallContext call = Recorded.onlyCall(observations);
        List<CivicPassHttpContext> attempts = Recorded.attemptsOf(observations, call);
        ObservationContextAssert.assertThat(attempts.get(0))
                .doesNotHaveHighCardinalityKeyValueWithKey("civicpass.request_id");
        ObservationContextAssert.assertThat(attempts.get(1))
                .hasHighCardinalityKeyValue("civicpass.request_id", requestId);
        ObservationContextAssert.assertThat(call)
                .hasHighCardinalityKeyValue("civicpass.request_id", requestId)
                .doesNotHaveLowCardinalityKeyValueWithKey("civicpass.request_id");

        fake.inject(Fault.status(503).withHeader("x-request-id", "req-of-the-503"),
                RequestMatcher.of("GET", "/partner/pass/**"), 1);
        observations.clear();
        client.get(KEY);
        CivicPassCallContext second = Recorded.onlyCall(observations);
        ObservationContextAssert.assertThat(Recorded.attemptsOf(observations, second).get(0))
                .hasHighCardinalityKeyValue("civicpass.request_id", "req-of-the-503");

        assertThat(meterTagValues()).noneMatch(value -> value.contains(requestId) || value.contains("req-of-the-503"));
    }

    @Test
    void noNameTagOrAttributeHoldsAWalletPathTokenOrSecret() {
        String otherWallet = "0x52908400098527886e0f7030069857d2e4169ee7";
        fake.echoSecretsInErrors(true);   // error bodies echo the bearer token: none of it may travel on
        fake.seedPass(KEY, PassState.ACTIVE);
        fake.inject(Fault.status(503), RequestMatcher.of("PATCH", "/partner/pass/**"), 1);
        client.freeze(KEY);                                                   // retried
        fake.revokeTokens();
        client.get(KEY);                                                      // token refused and refreshed
        assertThatThrownBy(() -> client.get(PassKey.of(ChainNetwork.SEPOLIA, otherWallet)))
                .isInstanceOf(PassNotFoundException.class);                   // fails, with the path in its message
        client.awaitConfirmed(KEY, Duration.ofSeconds(5));

        Set<String> secrets = new java.util.HashSet<>();
        secrets.add(WALLET.toLowerCase(Locale.ROOT));
        secrets.add(otherWallet.toLowerCase(Locale.ROOT));
        secrets.add(CivicPassConfig.SANDBOX_CREDENTIALS.clientSecret().toLowerCase(Locale.ROOT));
        for (RecordedRequest request : fake.journal().apiRequests()) {
            secrets.add(request.path().substring(FakeCivic.API_PATH.length()).toLowerCase(Locale.ROOT));
            request.header("Authorization").map(value -> value.substring("Bearer ".length()))
                    .ifPresent(token -> secrets.add(token.toLowerCase(Locale.ROOT)));
        }
        assertThat(secrets).as("two wallets, the secret, at least two tokens and the concrete paths")
                .hasSizeGreaterThanOrEqualTo(6);

        List<String> recorded = new ArrayList<>();
        for (Observation.Context context : Recorded.contexts(observations)) {
            recorded.add(context.getName());
            recorded.add(context.getContextualName());
            for (KeyValue value : context.getAllKeyValues()) {
                recorded.add(value.getKey() + "=" + value.getValue());
            }
            if (context.getError() != null) {
                recorded.add(String.valueOf(context.getError().getMessage()));
            }
        }
        recorded.addAll(meterTagValues());
        assertThat(recorded).hasSizeGreaterThan(50);
        for (String value : recorded) {
            String lower = value.toLowerCase(Locale.ROOT);
            assertThat(secrets).as("secrets in %s", value).noneMatch(lower::contains);
        }
    }

    @Test
    void theAttemptsOfANonBlockingCallAreChildrenOfItsObservationAcrossThreads() throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        CivicPassListener afterObservations = new CivicPassListener() {
            @Override
            public CallListener callStarted(CallStarted call) {
                return new CallListener() {
                    @Override
                    public void callFinished(CallFinished end) {
                        finished.countDown();
                    }
                };
            }
        };
        client.close();
        client = client(fake.config(), CivicPassObservation.listener(observations, meters), afterObservations);
        fake.seedPass(KEY, PassState.ACTIVE);
        fake.inject(Fault.status(503), RequestMatcher.of("GET", "/partner/pass/**"), 1);

        client.async().get(KEY).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();   // listeners are told in order

        CivicPassCallContext call = Recorded.onlyCall(observations);
        ObservationContextAssert.assertThat(call).hasLowCardinalityKeyValue("outcome", "success");
        List<CivicPassHttpContext> attempts = Recorded.attemptsOf(observations, call);
        assertThat(attempts).extracting(attempt -> attempt.started().attempt()).containsExactly(1, 2);
        assertThat(Recorded.contexts(observations)).hasSize(3);     // each attempt found under its call
    }

    @Test
    void aCallIsAChildOfTheObservationCurrentWhereItStarts() {
        fake.seedPass(KEY, PassState.ACTIVE);
        Observation request = Observation.start("user.request", observations);
        try (Observation.Scope scope = request.openScope()) {
            client.get(KEY);
        }
        request.stop();

        ObservationContextAssert.assertThat(Recorded.onlyCall(observations)).hasParentObservationEqualTo(request);
    }

    @Test
    void conventionsOfYourOwnNameTheObservations() {
        fake.seedPass(KEY, PassState.ACTIVE);
        DefaultCivicPassCallObservationConvention renamed = new DefaultCivicPassCallObservationConvention() {
            @Override
            public String getName() {
                return "acme.civic.call";
            }
        };
        client.close();
        client = client(fake.config(), CivicPassObservation.builder(observations).callConvention(renamed).build());

        client.get(KEY);

        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("acme.civic.call", 1)
                .hasNumberOfObservationsWithNameEqualTo(HTTP, 1)
                .hasNumberOfObservationsWithNameEqualTo(CALL, 0);
    }

    @Test
    void aMeterHandlerOnTheObservationRegistryAddsTimersThatDoNotCollideWithTheClientMeters() {
        fake.seedPass(KEY, PassState.ACTIVE);
        ObservationRegistry withMeters = ObservationRegistry.create();
        withMeters.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        client.close();
        client = client(fake.config(), CivicPassObservation.listener(withMeters, meters));

        client.get(KEY);

        Set<String> names = meters.getMeters().stream().map(meter -> meter.getId().getName())
                .collect(Collectors.toSet());
        assertThat(names).contains(CALL, HTTP, CivicPassMetrics.OPERATION_DURATION,
                CivicPassMetrics.TOKEN_FETCH_DURATION);
        assertThat(tagKeys(meters.get(CivicPassMetrics.OPERATION_DURATION).timer()))
                .containsExactlyInAnyOrder("operation", "outcome", "error.type");
        assertThat(meters.get(CALL).tags("rpc.method", "get", "outcome", "success", "error", "none").timer().count())
                .isEqualTo(1);
        assertThat(meters.get(HTTP).tags("url.template", PASS_TEMPLATE, "http.response.status_code", "200")
                .timer().count()).isEqualTo(1);
    }

    private List<String> meterTagValues() {
        List<String> values = new ArrayList<>();
        for (Meter meter : meters.getMeters()) {
            values.add(meter.getId().getName());
            for (Tag tag : meter.getId().getTags()) {
                values.add(tag.getKey() + "=" + tag.getValue());
            }
        }
        return values;
    }

    private static List<String> keys(Iterable<KeyValue> values) {
        List<String> keys = new ArrayList<>();
        values.forEach(value -> keys.add(value.getKey()));
        return keys;
    }

    private static List<String> tagKeys(Meter meter) {
        return meter.getId().getTags().stream().map(Tag::getKey).toList();
    }
}
