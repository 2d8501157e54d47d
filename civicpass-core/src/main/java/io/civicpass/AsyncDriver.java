package io.civicpass;

import io.civicpass.model.AccessToken;
import io.civicpass.port.AsyncPassGateway;
import io.civicpass.spi.Scheduler;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a {@link Machine} without blocking: the non-blocking face. It decides nothing; it fetches
 * tokens, makes exchanges through the {@link AsyncPassGateway} port, arms timers and runs child
 * machines, as the machine says, each step on the thread that completed the one before.
 * Cancelling the returned future (or the machine's {@link CallCancellation}) abandons the
 * exchange or child in flight and stops the run.
 */
final class AsyncDriver {

    private final TokenCache tokens;
    private final AsyncPassGateway gateway;
    private final Scheduler scheduler;

    AsyncDriver(TokenCache tokens, AsyncPassGateway gateway, Scheduler scheduler) {
        this.tokens = tokens;
        this.gateway = gateway;
        this.scheduler = scheduler;
    }

    /** Starts the machine; the future completes with its end, after its listeners were told. */
    <R> CompletableFuture<R> start(Machine<R> machine) {
        Run<R> run = new Run<>(machine);
        machine.start();
        if (machine.cancellation != null) {
            run.stopListening = machine.cancellation.onCancel(() -> run.cancel(true));
        }
        advance(run);
        return run;
    }

    private <R> void advance(Run<R> run) {
        if (run.isDone()) {
            return; // cancelled meanwhile: no further step
        }
        Machine<R> machine = run.machine;
        switch (machine.action()) {
            case ATTEMPT:
                attempt(run);
                break;
            case WAIT:
                scheduler.schedule(machine.waitTime(), () -> {
                    if (!run.isDone()) {
                        machine.waited();
                        advance(run);
                    }
                });
                break;
            case CHILD:
                CompletableFuture<?> child = start(machine.child());
                run.inFlight(child);
                child.whenComplete((value, error) -> {
                    if (!run.isDone()) {
                        machine.childEnded(value, error == null ? null : CivicErrors.unwrap(error));
                        advance(run);
                    }
                });
                break;
            default:
                run.finish();
                break;
        }
    }

    private <R> void attempt(Run<R> run) {
        Machine<R> machine = run.machine;
        CompletableFuture<AccessToken> token;
        try {
            token = tokens.fetchAsync(machine.tokenWait(), machine.retrying());
        } catch (RuntimeException thrown) {
            token = CompletableFuture.failedFuture(thrown);
        }
        if (token.isDone() && !token.isCompletedExceptionally()) {
            exchange(run, token.join()); // a cached token, most calls: nothing to bound, no timer
            return;
        }
        within(token, machine.tokenWait(), machine, true).whenComplete((value, error) -> {
            if (run.isDone()) {
                return;
            }
            if (error == null) {
                exchange(run, value);
            } else {
                machine.attempted(null, CivicErrors.unwrap(error));
                advance(run);
            }
        });
    }

    private <R> void exchange(Run<R> run, AccessToken token) {
        Machine<R> machine = run.machine;
        if (!machine.begin(token)) {
            advance(run);
            return;
        }
        CompletableFuture<?> exchange;
        try {
            exchange = gateway.executeAsync(token, machine.call(), machine.timeout(), machine.observer())
                    .toCompletableFuture();
        } catch (RuntimeException thrown) {
            exchange = CompletableFuture.failedFuture(thrown);
        }
        run.inFlight(exchange);
        within(exchange, machine.timeout(), machine, false).whenComplete((value, error) -> {
            if (!run.isDone()) {
                machine.attempted(value, error == null ? null : CivicErrors.unwrap(error));
                advance(run);
            }
        });
    }

    /**
     * Bounds a stage by the time it was given, so a transport that never answers cannot hang the
     * caller; on expiry the stage is abandoned. A stage already done arms no timer.
     */
    private <T> CompletableFuture<T> within(CompletableFuture<T> stage, Duration bound, Machine<?> machine,
                                            boolean token) {
        CompletableFuture<T> bounded = new CompletableFuture<>();
        AtomicBoolean expired = new AtomicBoolean();
        Scheduler.Cancellable timer = stage.isDone() ? null
                : scheduler.schedule(bound.plus(CallEngine.SAFETY_NET_GRACE), () -> {
                    if (!bounded.isDone() && expired.compareAndSet(false, true)) {
                        // Released before the caller hears of the timeout, so nothing of it outlives the call.
                        stage.cancel(true);
                        bounded.completeExceptionally(machine.timedOut(token));
                    }
                });
        stage.whenComplete((value, error) -> {
            if (timer != null) {
                timer.cancel();
            }
            if (expired.get()) {
                return; // the timer ends the bounded stage with the timeout
            }
            if (error == null) {
                bounded.complete(value);
            } else {
                bounded.completeExceptionally(CivicErrors.unwrap(error));
            }
        });
        return bounded;
    }

    /**
     * One run: the future the caller holds, the machine, and what is in flight. Cancelling it
     * stops the run there.
     */
    private static final class Run<R> extends CompletableFuture<R> {

        final Machine<R> machine;
        /** The exchange or child in flight, cancelled with the run. */
        private volatile Future<?> inFlight;
        volatile Runnable stopListening;

        Run(Machine<R> machine) {
            this.machine = machine;
        }

        void inFlight(Future<?> work) {
            inFlight = work;
            if (isCancelled()) {
                work.cancel(true);
            }
        }

        void finish() {
            release();
            Throwable failure = machine.failure();
            if (failure == null) {
                complete(machine.value());
            } else {
                completeExceptionally(failure);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                release();
                Future<?> work = inFlight;
                if (work != null) {
                    work.cancel(true); // the caller gave up: stop the exchange in flight
                }
                machine.abandoned(new CancellationException("the call was cancelled"));
            }
            return cancelled;
        }

        private void release() {
            Runnable stop = stopListening;
            if (stop != null) {
                stop.run();
            }
        }
    }
}
