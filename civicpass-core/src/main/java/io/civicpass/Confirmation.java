package io.civicpass;

import io.civicpass.error.CivicTransportException;
import io.civicpass.error.ConfirmationTimeoutException;
import io.civicpass.error.TransactionFailedException;
import io.civicpass.event.ConfirmationPolled;
import io.civicpass.model.Pass;
import io.civicpass.model.PassEvent;
import io.civicpass.model.PassKey;

import java.time.Duration;
import java.util.Optional;

/**
 * How {@code awaitConfirmed} polls, for both faces: a {@code find} of the pass, each a whole
 * call ending by the wait's deadline, then a backoff from 250 ms to 5 s, until the pass exists,
 * its state equals its on-chain state and every initiated event has its confirmation. A pass not
 * found yet counts as pending (Civic shows a new pass only once its issuance is confirmed); a
 * failed chain transaction ends the wait at once.
 */
final class Confirmation extends Machine<Pass> {

    static final Duration FIRST_POLL = Duration.ofMillis(250);
    static final Duration MAX_POLL = Duration.ofSeconds(5);

    private final CallEngine engine;
    private final PassKey key;
    private final Duration timeout;
    private final CallOptions options;
    private long started;
    private long deadline;
    private int polls;
    private Duration interval = FIRST_POLL;
    private Pass last;

    Confirmation(CallEngine engine, PassKey key, Duration timeout, CallOptions options) {
        super(options.cancellation().orElse(null));
        this.engine = engine;
        this.key = key;
        this.timeout = timeout;
        this.options = options;
    }

    @Override
    void start() {
        started = engine.now();
        deadline = started + timeout.toNanos();
        poll();
    }

    /** One lookup, a whole call whose attempts and waits all end by the wait's deadline. */
    private void poll() {
        polls++;
        spawn(engine.call(Operation.find(key), options, Math.min(deadline, engine.deadline(options))));
    }

    @Override
    void childEnded(Object result, Throwable error) {
        if (error != null) {
            polled(ConfirmationPolled.Result.ERROR);
            boolean late = error instanceof CivicTransportException && engine.now() - deadline >= 0;
            fail(late ? new ConfirmationTimeoutException(key, timeout, last) : error);
            return;
        }
        @SuppressWarnings("unchecked")
        Optional<Pass> seen = (Optional<Pass>) result;
        if (seen.isPresent()) {
            last = seen.get();
            Optional<PassEvent> failed = last.failedTransaction();
            if (failed.isPresent()) {
                polled(ConfirmationPolled.Result.FAILED);
                fail(new TransactionFailedException(key, failed.get(), last));
                return;
            }
            if (last.isSettled()) {
                polled(ConfirmationPolled.Result.CONFIRMED);
                end(last);
                return;
            }
        }
        polled(seen.isPresent() ? ConfirmationPolled.Result.PENDING : ConfirmationPolled.Result.NOT_FOUND);
        long left = deadline - engine.now();
        if (left <= 0) {
            fail(new ConfirmationTimeoutException(key, timeout, last));
            return;
        }
        waitThen(Duration.ofNanos(Math.min(interval.toNanos(), left)));
        interval = nextPoll(interval);
    }

    @Override
    void waited() {
        poll();
    }

    @Override
    void waitInterrupted() {
        fail(new ConfirmationTimeoutException(key, timeout, last));
    }

    private void polled(ConfirmationPolled.Result outcome) {
        engine.telemetry().confirmationPolled(polls, outcome, started);
    }

    static Duration nextPoll(Duration interval) {
        Duration next = interval.multipliedBy(3).dividedBy(2);
        return next.compareTo(MAX_POLL) > 0 ? MAX_POLL : next;
    }
}
