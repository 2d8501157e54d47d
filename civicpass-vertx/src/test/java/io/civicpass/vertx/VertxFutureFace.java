package io.civicpass.vertx;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiRequest;
import io.civicpass.testkit.tck.AdaptedFace;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@link VertxCivicPass}, the Vert.x {@code Future} face, as the contract suite's adapted face.
 *
 * <p>Each client the suite builds is given the face with {@link VertxCivicPass#wrap} (so the
 * suite's clock, listeners and policies stay in force) and called from one event-loop context of
 * its own, as the verticle holding it would call it. The handler that takes each future's outcome
 * is attached on that context right after the call and hands the outcome on exactly as the future
 * failed or succeeded; it also checks that it runs on that context, as {@code VertxCivicPass}
 * promises. Nothing here waits on an event loop: the suite's thread waits only until the call has
 * been made (to rethrow what the face throws from the method itself), and then on the stage.
 */
final class VertxFutureFace implements AdaptedFace {

    /** How long the suite's thread waits for an event loop to make a call (not for its outcome). */
    private static final long CALL_MADE_WITHIN_SECONDS = 10;

    private final Vertx vertx;

    /**
     * The face over clients running on a Vert.x instance.
     *
     * @param vertx the instance the suite's transports run on
     */
    VertxFutureFace(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    }

    @Override
    public String name() {
        return "VertxCivicPass (Vert.x Future, called on an event loop)";
    }

    @Override
    public Calls over(CivicPassAsyncClient client) {
        return new FutureCalls(VertxCivicPass.wrap(vertx, client), vertx.getOrCreateContext());
    }

    /** The calls of one wrapped client, each made on the same event-loop context. */
    private static final class FutureCalls implements Calls {

        private final VertxCivicPass civic;
        private final Context caller;

        FutureCalls(VertxCivicPass civic, Context caller) {
            this.civic = civic;
            this.caller = caller;
        }

        /**
         * Makes a call on the caller's context and hands its future's outcome back as a stage.
         * What the method itself throws is rethrown here, on the suite's thread.
         */
        private <T> CompletionStage<T> call(Function<VertxCivicPass, Future<T>> operation) {
            CompletableFuture<T> outcome = new CompletableFuture<>();
            CompletableFuture<RuntimeException> made = new CompletableFuture<>();
            caller.runOnContext(ignored -> {
                Future<T> future;
                try {
                    future = operation.apply(civic);
                } catch (RuntimeException refused) {
                    made.complete(refused);
                    return;
                }
                made.complete(null);
                future.onComplete(result -> {
                    if (Vertx.currentContext() != caller) {
                        outcome.completeExceptionally(new AssertionError("the future's outcome was delivered on "
                                + Thread.currentThread().getName() + ", not on the calling context"));
                    } else if (result.succeeded()) {
                        outcome.complete(result.result());
                    } else {
                        outcome.completeExceptionally(result.cause());
                    }
                });
            });
            RuntimeException refused = awaitCallMade(made);
            if (refused != null) {
                throw refused;
            }
            return outcome;
        }

        private static RuntimeException awaitCallMade(CompletableFuture<RuntimeException> made) {
            try {
                return made.get(CALL_MADE_WITHIN_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the event loop made the call", interrupted);
            } catch (ExecutionException | TimeoutException failure) {
                throw new AssertionError("the event loop did not make the call within "
                        + CALL_MADE_WITHIN_SECONDS + " s", failure);
            }
        }

        @Override
        public CompletionStage<Pass> issue(PassKey key) {
            return call(face -> face.issue(key));
        }

        @Override
        public CompletionStage<Optional<Pass>> find(PassKey key) {
            return call(face -> face.find(key));
        }

        @Override
        public CompletionStage<Pass> get(PassKey key) {
            return call(face -> face.get(key));
        }

        @Override
        public CompletionStage<Void> freeze(PassKey key) {
            return call(face -> face.freeze(key));
        }

        @Override
        public CompletionStage<Void> unfreeze(PassKey key) {
            return call(face -> face.unfreeze(key));
        }

        @Override
        public CompletionStage<Void> expireAt(PassKey key, Instant expiry) {
            return call(face -> face.expireAt(key, expiry));
        }

        @Override
        public CompletionStage<Void> forceRefresh(PassKey key) {
            return call(face -> face.forceRefresh(key));
        }

        @Override
        public CompletionStage<Void> revoke(PassKey key) {
            return call(face -> face.revoke(key));
        }

        @Override
        public CompletionStage<Page<Pass>> list(PassQuery query) {
            return call(face -> face.list(query));
        }

        @Override
        public CompletionStage<Pass> awaitConfirmed(PassKey key, Duration timeout) {
            return call(face -> face.awaitConfirmed(key, timeout));
        }

        @Override
        public CompletionStage<PiiRequest> pii(String scopeRequestId) {
            return call(face -> face.pii(scopeRequestId));
        }

        @Override
        public CompletionStage<Void> approvePii(String scopeRequestId) {
            return call(face -> face.approvePii(scopeRequestId));
        }

        @Override
        public CompletionStage<Void> rejectPii(String scopeRequestId) {
            return call(face -> face.rejectPii(scopeRequestId));
        }

        @Override
        public CompletionStage<Evidence> evidence(String scopeRequestId, String name) {
            return call(face -> face.evidence(scopeRequestId, name));
        }

        @Override
        public CompletionStage<Evidence> evidence(PiiLink link) {
            return call(face -> face.evidence(link));
        }
    }
}
