package io.civicpass.micrometer;

import io.civicpass.event.AttemptFinished;
import io.civicpass.event.CallFinished;
import io.civicpass.event.CallListener;
import io.civicpass.event.CallStarted;
import io.civicpass.event.CivicPassListener;
import io.civicpass.event.ConfirmationPolled;
import io.civicpass.event.NextStep;
import io.civicpass.event.TokenFetched;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records the {@code civicpass.client.*} meters from a client's events. A call's meters need
 * nothing from its start, so every call shares one call listener.
 */
final class MetricsListener implements CivicPassListener {

    private final Meter.MeterProvider<Timer> operationDuration;
    private final Meter.MeterProvider<Counter> retries;
    private final Meter.MeterProvider<Counter> budgetRefusals;
    private final Meter.MeterProvider<Timer> tokenFetchDuration;
    private final Meter.MeterProvider<Counter> confirmationPolls;
    private final CallListener calls = new Calls();

    MetricsListener(MeterRegistry registry) {
        operationDuration = Timer.builder(CivicPassMetrics.OPERATION_DURATION)
                .description("Time a Civic Pass client call took: token fetch, attempts, backoff and lookups")
                .withRegistry(registry);
        retries = Counter.builder(CivicPassMetrics.RETRIES)
                .description("Attempts of Civic Pass client calls that were repeated, by why")
                .baseUnit("retries")
                .withRegistry(registry);
        budgetRefusals = Counter.builder(CivicPassMetrics.BUDGET_REFUSALS)
                .description("Retries of Civic Pass client calls that the client's retry budget refused")
                .baseUnit("refusals")
                .withRegistry(registry);
        tokenFetchDuration = Timer.builder(CivicPassMetrics.TOKEN_FETCH_DURATION)
                .description("Time a Civic Pass access token request took")
                .withRegistry(registry);
        confirmationPolls = Counter.builder(CivicPassMetrics.CONFIRMATION_POLLS)
                .description("Looks at a pass while awaiting its confirmation, by what they found")
                .baseUnit("polls")
                .withRegistry(registry);
    }

    @Override
    public CallListener callStarted(CallStarted call) {
        return calls;
    }

    @Override
    public void tokenFetched(TokenFetched fetch) {
        try {
            tokenFetchDuration.withTags("trigger", Lower.of(fetch.trigger()), "outcome", Lower.of(fetch.outcome()))
                    .record(fetch.duration());
        } catch (RuntimeException failed) {
            Contained.failure(failed);
        }
    }

    @Override
    public void confirmationPolled(ConfirmationPolled poll) {
        try {
            confirmationPolls.withTags("result", Lower.of(poll.result())).increment();
        } catch (RuntimeException failed) {
            Contained.failure(failed);
        }
    }

    /** What every call tells: its retries, refusals and end. */
    private final class Calls implements CallListener {

        @Override
        public void attemptFinished(AttemptFinished attempt) {
            try {
                if (attempt.next() == NextStep.RETRY && attempt.retryReason().isPresent()) {
                    retries.withTags("operation", attempt.operation(), "reason", Lower.of(attempt.retryReason().get()))
                            .increment();
                } else if (attempt.next() == NextStep.BUDGET_REFUSED) {
                    budgetRefusals.withTags("operation", attempt.operation()).increment();
                }
            } catch (RuntimeException failed) {
                Contained.failure(failed);
            }
        }

        @Override
        public void callFinished(CallFinished call) {
            try {
                operationDuration.withTags("operation", call.operation(), "outcome", Lower.of(call.outcome()),
                        "error.type", call.errorType().orElse(KeyValue.NONE_VALUE)).record(call.duration());
            } catch (RuntimeException failed) {
                Contained.failure(failed);
            }
        }
    }
}
