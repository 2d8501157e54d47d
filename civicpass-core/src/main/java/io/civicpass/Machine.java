package io.civicpass;

import io.civicpass.model.AccessToken;
import io.civicpass.port.ApiCall;
import io.civicpass.port.ExchangeObserver;

import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * A state machine a driver runs: the machine decides, the driver does. After each step the
 * machine names one {@link Action}: make an attempt (fetch a token, then one exchange), wait, run
 * a child machine (a reconciling lookup, a confirmation poll) or end. A machine neither blocks
 * nor knows whether its driver does: {@link BlockingDriver} runs it on the caller's thread,
 * {@link AsyncDriver} on callbacks and timers, and nothing else differs between the faces.
 *
 * <p>One step at a time: a driver calls the next step only after the previous one returned, and
 * every hop between threads passes a future's completion or a timer, so the state needs no
 * locks or volatile fields.
 *
 * @param <R> what the machine ends with
 */
abstract class Machine<R> {

    /** What the driver does next. */
    enum Action {
        /** Fetch a token within {@link #tokenWait()}, then {@link #begin} and make one exchange. */
        ATTEMPT,
        /** Wait {@link #waitTime()}, then {@link #waited()}. */
        WAIT,
        /** Run {@link #child()} to its end, then {@link #childEnded}. */
        CHILD,
        /** End with {@link #value()} or {@link #failure()}. */
        DONE
    }

    /** The handle that cancels the run, or null. */
    final CallCancellation cancellation;

    private Action action;
    private Duration wait;
    private Machine<?> child;
    private R value;
    private Throwable failure;

    Machine(CallCancellation cancellation) {
        this.cancellation = cancellation;
    }

    // ------------------------------------------------------------------------ what the driver reads

    final Action action() {
        return action;
    }

    final Duration waitTime() {
        return wait;
    }

    final Machine<?> child() {
        return child;
    }

    final R value() {
        return value;
    }

    final Throwable failure() {
        return failure;
    }

    static CancellationException cancelled() {
        return new CancellationException("the call was cancelled through its CallCancellation");
    }

    // ------------------------------------------------------------------------ the steps

    /** The first step. */
    abstract void start();

    /** How long the attempt's token may take: what is left of the call. */
    Duration tokenWait() {
        throw new IllegalStateException(getClass().getSimpleName() + " makes no attempts");
    }

    /** Whether the attempt is a repeat, whose token request must not reuse a failure just had. */
    boolean retrying() {
        throw new IllegalStateException(getClass().getSimpleName() + " makes no attempts");
    }

    /**
     * The token arrived: true to make the exchange of {@link #call()} within {@link #timeout()};
     * false when the machine decided otherwise (no time left).
     */
    boolean begin(AccessToken token) {
        throw new IllegalStateException(getClass().getSimpleName() + " makes no attempts");
    }

    ApiCall<?> call() {
        throw new IllegalStateException(getClass().getSimpleName() + " makes no attempts");
    }

    Duration timeout() {
        throw new IllegalStateException(getClass().getSimpleName() + " makes no attempts");
    }

    ExchangeObserver observer() {
        throw new IllegalStateException(getClass().getSimpleName() + " makes no attempts");
    }

    /** The attempt ended: its result, or the failure of its token request or exchange. */
    void attempted(Object result, Throwable error) {
        throw new IllegalStateException(getClass().getSimpleName() + " makes no attempts");
    }

    /** The failure when a driver's safety net gives up on the token request or the exchange. */
    RuntimeException timedOut(boolean token) {
        throw new IllegalStateException(getClass().getSimpleName() + " makes no attempts");
    }

    /** The wait is over. */
    void waited() {
        throw new IllegalStateException(getClass().getSimpleName() + " never waits");
    }

    /** The blocking driver's wait was interrupted: end with what the wait was for. */
    void waitInterrupted() {
        throw new IllegalStateException(getClass().getSimpleName() + " never waits");
    }

    /** The child ended: its value, or its failure. */
    void childEnded(Object result, Throwable error) {
        throw new IllegalStateException(getClass().getSimpleName() + " runs no child");
    }

    /** The run stopped before the machine ended (cancelled, or an error no step expected). */
    void abandoned(Throwable why) {
    }

    // ------------------------------------------------------------------------ decisions, for subclasses

    final void attemptNext() {
        action = Action.ATTEMPT;
    }

    final void waitThen(Duration delay) {
        wait = delay;
        action = Action.WAIT;
    }

    final void spawn(Machine<?> next) {
        child = next;
        action = Action.CHILD;
    }

    final void end(R result) {
        value = result;
        child = null;
        action = Action.DONE;
    }

    final void fail(Throwable error) {
        failure = error;
        child = null;
        action = Action.DONE;
    }
}
