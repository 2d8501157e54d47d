package io.civicpass.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.civicpass.event.AttemptStarted;
import io.civicpass.event.CallFinished;
import io.civicpass.event.CallListener;
import io.civicpass.event.CallStarted;
import io.civicpass.event.CivicPassListener;
import io.civicpass.event.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.ObservationContextAssert;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Event orders a client does not usually produce, told to the listener directly. */
class ObservingListenerTest {

    private static final String TEMPLATE = "/pass/{chain}/{chainNetwork}/{wallet}";

    @Test
    void anAttemptLeftOpenWhenTheCallEndsIsStoppedWithTheCallsErrorType() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        CallListener call = CivicPassObservation.listener(observations).callStarted(new CallStarted("get"));

        call.attemptStarted(new AttemptStarted("get", 1, "GET", TEMPLATE));
        call.callFinished(new CallFinished("get", Outcome.FAILURE, Optional.of("CancellationException"),
                Duration.ofMillis(5), 1, Optional.empty()));

        CivicPassCallContext callContext = Recorded.onlyCall(observations);
        List<CivicPassHttpContext> attempts = Recorded.attemptsOf(observations, callContext);
        assertThat(attempts).hasSize(1);
        ObservationContextAssert.assertThat(attempts.get(0))
                .hasLowCardinalityKeyValue("http.response.status_code", "none")
                .hasLowCardinalityKeyValue("error.type", "CancellationException")
                .hasHighCardinalityKeyValue("civicpass.next_step", "end")
                .hasError();
        ObservationContextAssert.assertThat(callContext)
                .hasLowCardinalityKeyValue("outcome", "failure")
                .hasLowCardinalityKeyValue("error.type", "CancellationException");
    }

    @Test
    void aSecondEndOfTheSameCallIsIgnored() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        CallListener call = CivicPassObservation.listener(observations).callStarted(new CallStarted("list"));
        CallFinished end = new CallFinished("list", Outcome.SUCCESS, Optional.empty(), Duration.ofMillis(5), 0,
                Optional.empty());

        try (Recorded.ContainedFailures contained = new Recorded.ContainedFailures()) {
            call.callFinished(end);
            call.callFinished(end);   // the test registry would throw on a second stop

            assertThat(contained.lines()).isEmpty();
        }
        ObservationContextAssert.assertThat(Recorded.onlyCall(observations))
                .hasLowCardinalityKeyValue("outcome", "success");
    }

    @Test
    void aNoopRegistryCostsNoObservation() {
        CivicPassListener listener = CivicPassObservation.listener(ObservationRegistry.NOOP);

        assertThat(listener.callStarted(new CallStarted("get"))).isSameAs(CallListener.NONE);
    }

    @Test
    void aMissingRegistryIsRefusedByName() {
        assertThatNullPointerException().isThrownBy(() -> CivicPassObservation.listener(null))
                .withMessage("registry == null");
        assertThatNullPointerException().isThrownBy(() -> CivicPassMetrics.listener(null))
                .withMessage("registry == null");
        assertThatNullPointerException()
                .isThrownBy(() -> CivicPassObservation.listener(ObservationRegistry.NOOP, null))
                .withMessage("meters == null");
        assertThatNullPointerException()
                .isThrownBy(() -> CivicPassObservation.listener(null, new SimpleMeterRegistry()))
                .withMessage("observations == null");
    }
}
