package io.civicpass.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.civicpass.CivicPassClient;
import io.civicpass.event.AttemptFinished;
import io.civicpass.event.AttemptStarted;
import io.civicpass.event.CallFinished;
import io.civicpass.event.CallListener;
import io.civicpass.event.CallStarted;
import io.civicpass.event.CivicPassListener;
import io.civicpass.event.ConfirmationPolled;
import io.civicpass.event.NextStep;
import io.civicpass.event.Outcome;
import io.civicpass.event.RetryReason;
import io.civicpass.event.TokenFetched;
import io.civicpass.event.TokenTrigger;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.retrofit.RetrofitTransport;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.FakeCivicExtension;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Micrometer side that throws everywhere never reaches a call. */
class ContainmentTest {

    @RegisterExtension
    static FakeCivicExtension civic = FakeCivicExtension.builder().perClass().build();

    /** What each failure says: a secret, to show that the log line never quotes a message. */
    private static final String MESSAGE = "handler failed holding Bearer s3cr3t-token";

    private ObservationRegistry observations;
    private SimpleMeterRegistry meters;
    private Recorded.ContainedFailures contained;

    @BeforeEach
    void setUp() {
        observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                throw new IllegalStateException(MESSAGE);
            }

            @Override
            public void onError(Observation.Context context) {
                throw new IllegalStateException(MESSAGE);
            }

            @Override
            public void onStop(Observation.Context context) {
                throw new IllegalStateException(MESSAGE);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        meters = new SimpleMeterRegistry();
        meters.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                throw new UnsupportedOperationException(MESSAGE);
            }
        });
        contained = new Recorded.ContainedFailures();
    }

    @AfterEach
    void tearDown() {
        contained.close();
    }

    @Test
    void theListenerNeverThrowsWhateverMicrometerThrows() {
        CivicPassListener listener = CivicPassObservation.listener(observations, meters);

        assertThatCode(() -> {
            CallListener call = listener.callStarted(new CallStarted("get"));
            call.attemptStarted(new AttemptStarted("get", 1, "GET", "/pass/{chain}/{chainNetwork}/{wallet}"));
            call.attemptFinished(new AttemptFinished("get", 1, "GET", "/pass/{chain}/{chainNetwork}/{wallet}", 503,
                    Duration.ofMillis(3), Outcome.FAILURE, Optional.of("ServerException"), true, Optional.empty(),
                    NextStep.RETRY, Optional.of(RetryReason.SERVER_ERROR), Optional.of(Duration.ofMillis(10))));
            call.attemptStarted(new AttemptStarted("get", 2, "GET", "/pass/{chain}/{chainNetwork}/{wallet}"));
            call.callFinished(new CallFinished("get", Outcome.FAILURE, Optional.of("CancellationException"),
                    Duration.ofMillis(20), 2, Optional.empty()));
            listener.tokenFetched(new TokenFetched(TokenTrigger.COLD, Outcome.SUCCESS, Optional.empty(),
                    Duration.ofMillis(5)));
            listener.confirmationPolled(new ConfirmationPolled(1, ConfirmationPolled.Result.PENDING,
                    Duration.ofMillis(5)));
        }).doesNotThrowAnyException();

        assertThat(contained.lines()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain("s3cr3t").doesNotContain("Bearer"))
                .anySatisfy(line -> assertThat(line).contains(IllegalStateException.class.getName()))
                .anySatisfy(line -> assertThat(line).contains(UnsupportedOperationException.class.getName()));
    }

    @Test
    void aCallSucceedsAndCoreNeverSeesTheListenerThrow() {
        FakeCivic fake = civic.fake();
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");
        fake.seedPass(key, PassState.ACTIVE);

        try (CivicPassClient client = CivicPassClient.builder().config(fake.config())
                .transport(RetrofitTransport.create())
                .listener(CivicPassObservation.listener(observations, meters)).build()) {
            assertThat(client.get(key).state()).isEqualTo(PassState.ACTIVE);
            client.awaitConfirmed(key, Duration.ofSeconds(5));
        }

        assertThat(contained.lines()).isNotEmpty()
                .noneSatisfy(line -> assertThat(line).contains("listener threw"));
    }
}
