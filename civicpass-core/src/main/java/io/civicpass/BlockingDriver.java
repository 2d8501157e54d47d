package io.civicpass;

import io.civicpass.model.AccessToken;
import io.civicpass.port.AsyncPassGateway;
import io.civicpass.port.PassGateway;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a {@link Machine} on the caller's thread: the blocking face. It decides nothing; it
 * fetches tokens, makes exchanges through the {@link PassGateway} port, sleeps and runs child
 * machines, as the machine says. A machine run with a {@link CallCancellation} makes its
 * exchanges through the {@link AsyncPassGateway} port instead and waits for them, so that a
 * cancellation abandons the exchange in flight and wakes any wait.
 */
final class BlockingDriver {

    private final TokenCache tokens;
    private final PassGateway gateway;
    private final AsyncPassGateway cancellable;
    private final Sleeper sleeper;

    BlockingDriver(TokenCache tokens, PassGateway gateway, AsyncPassGateway cancellable, Sleeper sleeper) {
        this.tokens = tokens;
        this.gateway = gateway;
        this.cancellable = cancellable;
        this.sleeper = sleeper;
    }

    /** Runs the machine to its end: its value, or its failure thrown. */
    <R> R run(Machine<R> machine) {
        try {
            machine.start();
            while (machine.action() != Machine.Action.DONE) {
                switch (machine.action()) {
                    case ATTEMPT:
                        attempt(machine);
                        break;
                    case WAIT:
                        pause(machine);
                        break;
                    default:
                        child(machine);
                        break;
                }
            }
        } catch (RuntimeException | Error abandoned) {
            machine.abandoned(abandoned); // a cancellation, or an error no step expected
            throw abandoned;
        }
        Throwable failure = machine.failure();
        if (failure == null) {
            return machine.value();
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        throw new IllegalStateException("exchange failed", failure);
    }

    private void attempt(Machine<?> machine) {
        if (machine.cancellation != null && machine.cancellation.isCancelled()) {
            throw Machine.cancelled();
        }
        AccessToken token;
        try {
            token = machine.cancellation == null ? tokens.fetch(machine.tokenWait(), machine.retrying())
                    : await(tokens.fetchAsync(machine.tokenWait(), machine.retrying()),
                            machine.tokenWait().plus(CallEngine.SAFETY_NET_GRACE), machine, true);
        } catch (CancellationException cancelled) {
            throw cancelled;
        } catch (RuntimeException failed) {
            machine.attempted(null, failed);
            return;
        }
        if (!machine.begin(token)) {
            return;
        }
        Object result;
        try {
            result = machine.cancellation == null
                    ? gateway.execute(token, machine.call(), machine.timeout(), machine.observer())
                    : await(cancellable.executeAsync(token, machine.call(), machine.timeout(), machine.observer())
                            .toCompletableFuture(), machine.timeout().plus(CallEngine.SAFETY_NET_GRACE), machine, false);
        } catch (CancellationException cancelled) {
            throw cancelled;
        } catch (RuntimeException failed) {
            machine.attempted(null, failed);
            return;
        }
        machine.attempted(result, null);
    }

    private void child(Machine<?> machine) {
        Object result;
        try {
            result = run(machine.child());
        } catch (CancellationException cancelled) {
            throw cancelled;
        } catch (RuntimeException failed) {
            machine.childEnded(null, failed);
            return;
        }
        machine.childEnded(result, null);
    }

    private void pause(Machine<?> machine) {
        try {
            pause(machine.waitTime(), machine.cancellation);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            machine.waitInterrupted();
            return;
        }
        machine.waited();
    }

    /** Waits {@code delay}; with a cancellation handle, wakes on it and throws {@link CancellationException}. */
    private void pause(Duration delay, CallCancellation cancellation) throws InterruptedException {
        if (cancellation == null) {
            sleeper.sleep(delay);
            return;
        }
        CompletableFuture<Void> woken = new CompletableFuture<>();
        Runnable stopListening = cancellation.onCancel(() -> woken.complete(null));
        try {
            woken.get(delay.toNanos(), TimeUnit.NANOSECONDS);
            throw Machine.cancelled();
        } catch (TimeoutException waitedOut) {
            // the delay passed
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        } finally {
            stopListening.run();
        }
    }

    /** Waits for {@code stage} at most {@code bound}; a cancellation cancels it and throws. */
    private static <T> T await(CompletableFuture<T> stage, Duration bound, Machine<?> machine, boolean token) {
        Runnable stopListening = machine.cancellation.onCancel(() -> stage.cancel(true));
        try {
            return stage.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (CancellationException cancelled) {
            throw Machine.cancelled();
        } catch (ExecutionException failed) {
            Throwable cause = CivicErrors.unwrap(failed);
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("exchange failed", cause);
        } catch (TimeoutException late) {
            stage.cancel(true);
            throw machine.timedOut(token);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stage.cancel(true);
            throw Machine.cancelled();
        } finally {
            stopListening.run();
        }
    }
}
