package io.civicpass.vertx;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The Civic Pass client in Vert.x terms: the operations of {@link CivicPassAsyncClient}, each
 * returning a Vert.x {@link Future} whose handlers run on the caller's Vert.x context (the
 * verticle that made the call), so results can be composed like any other Vert.x future.
 *
 * <pre>{@code
 * VertxCivicPass civic = VertxCivicPass.create(vertx, CivicPassConfig.fromEnvironment());
 * civic.issue(key)
 *     .compose(issued -> civic.awaitConfirmed(key, Duration.ofMinutes(2)))
 *     .onSuccess(pass -> ...);
 * }</pre>
 *
 * <p>As with the asynchronous client, invalid arguments throw {@link IllegalArgumentException}
 * from the method itself, before anything is sent; failures of the call fail the future with a
 * {@link io.civicpass.error.CivicPassException}. Thread-safe and meant to be shared.
 */
public final class VertxCivicPass implements AutoCloseable {

    private final Vertx vertx;
    private final CivicPassAsyncClient client;
    private final boolean ownsClient;

    private VertxCivicPass(Vertx vertx, CivicPassAsyncClient client, boolean ownsClient) {
        this.vertx = Objects.requireNonNull(vertx, "vertx == null");
        this.client = Objects.requireNonNull(client, "client == null");
        this.ownsClient = ownsClient;
    }

    /**
     * A client on the caller's {@link Vertx} over {@link VertxTransport}, with core's default
     * policies. {@link #close()} closes the client; the {@code Vertx} stays open.
     *
     * @param vertx  the Vert.x instance to run on
     * @param config where and how to reach Civic
     * @return the client
     */
    public static VertxCivicPass create(Vertx vertx, CivicPassConfig config) {
        Objects.requireNonNull(vertx, "vertx == null");
        CivicPassAsyncClient client = CivicPassClient.builder()
                .config(Objects.requireNonNull(config, "config == null"))
                .transport(VertxTransport.create(vertx))
                .buildAsync();
        return new VertxCivicPass(vertx, client, true);
    }

    /**
     * Gives an existing asynchronous client (built with a custom token source or clock, say) the
     * Vert.x face. {@link #close()} leaves that client open: its owner closes it.
     *
     * @param vertx  the Vert.x instance whose contexts results are delivered on
     * @param client the asynchronous client, preferably built over {@link VertxTransport}
     * @return the client
     */
    public static VertxCivicPass wrap(Vertx vertx, CivicPassAsyncClient client) {
        return new VertxCivicPass(vertx, client, false);
    }

    /**
     * The asynchronous client underneath, for the {@link CompletionStage} face.
     *
     * @return the client
     */
    public CivicPassAsyncClient asyncClient() {
        return client;
    }

    /**
     * Looks a pass up.
     *
     * @param key the pass's chain, network and wallet
     * @return the pass, or empty when Civic has none for the key
     */
    public Future<Optional<Pass>> find(PassKey key) {
        return onCallerContext(client.find(key));
    }

    /**
     * Reads a pass that must exist.
     *
     * @param key the pass
     * @return the pass, or a future failed with {@link io.civicpass.error.PassNotFoundException}
     */
    public Future<Pass> get(PassKey key) {
        return onCallerContext(client.get(key));
    }

    /**
     * Issues a pass to a wallet; see {@link CivicPassAsyncClient#issue(PassKey)}. An ambiguous
     * failure is reconciled by a lookup, so one call never yields two passes.
     *
     * @param key where to issue
     * @return the pass as Civic reports it, pending confirmation
     */
    public Future<Pass> issue(PassKey key) {
        return onCallerContext(client.issue(key));
    }

    /**
     * Freezes a pass.
     *
     * @param key the pass
     * @return completion
     */
    public Future<Void> freeze(PassKey key) {
        return onCallerContext(client.freeze(key));
    }

    /**
     * Unfreezes a pass.
     *
     * @param key the pass
     * @return completion
     */
    public Future<Void> unfreeze(PassKey key) {
        return onCallerContext(client.unfreeze(key));
    }

    /**
     * Moves a pass's expiry.
     *
     * @param key    the pass
     * @param expiry the new expiry; must be in the future
     * @return completion
     */
    public Future<Void> expireAt(PassKey key, Instant expiry) {
        return onCallerContext(client.expireAt(key, expiry));
    }

    /**
     * Makes the user refresh their pass; see {@link CivicPassAsyncClient#forceRefresh(PassKey)}.
     *
     * @param key the pass
     * @return completion
     */
    public Future<Void> forceRefresh(PassKey key) {
        return onCallerContext(client.forceRefresh(key));
    }

    /**
     * Changes a pass's state and/or expiry.
     *
     * @param key    the pass
     * @param update the change
     * @return completion
     */
    public Future<Void> update(PassKey key, PassUpdate update) {
        return onCallerContext(client.update(key, update));
    }

    /**
     * Revokes a pass, irreversibly.
     *
     * @param key the pass
     * @return completion
     */
    public Future<Void> revoke(PassKey key) {
        return onCallerContext(client.revoke(key));
    }

    /**
     * Lists one page of passes.
     *
     * @param query filters, page size and offset
     * @return the page
     */
    public Future<Page<Pass>> list(PassQuery query) {
        return onCallerContext(client.list(query));
    }

    /**
     * Waits, on Vert.x timers, until a pass is confirmed on chain.
     *
     * @param key     the pass
     * @param timeout the longest to wait
     * @return the confirmed pass, or a future failed with
     *         {@link io.civicpass.error.ConfirmationTimeoutException}
     */
    public Future<Pass> awaitConfirmed(PassKey key, Duration timeout) {
        return onCallerContext(client.awaitConfirmed(key, timeout));
    }

    /**
     * Reads a PII request. Personal data: do not log it.
     *
     * @param scopeRequestId the id Civic gave for the user's submission
     * @return the request, or a future failed with {@link io.civicpass.error.PiiRequestNotFoundException}
     *         when Civic has no such request, or no longer (Civic keeps PII at most 7 days, or until
     *         it is first read)
     */
    public Future<PiiRequest> pii(String scopeRequestId) {
        return onCallerContext(client.pii(scopeRequestId));
    }

    /**
     * Approves a PII request.
     *
     * @param scopeRequestId the request
     * @return completion
     */
    public Future<Void> approvePii(String scopeRequestId) {
        return onCallerContext(client.approvePii(scopeRequestId));
    }

    /**
     * Rejects a PII request.
     *
     * @param scopeRequestId the request
     * @return completion
     */
    public Future<Void> rejectPii(String scopeRequestId) {
        return onCallerContext(client.rejectPii(scopeRequestId));
    }

    /**
     * Records a decision on a PII request.
     *
     * @param scopeRequestId the request
     * @param decision       approve or reject
     * @return completion
     */
    public Future<Void> decidePii(String scopeRequestId, PiiDecision decision) {
        return onCallerContext(client.decidePii(scopeRequestId, decision));
    }

    /**
     * Downloads an evidence item by name. Personal data: do not log it.
     *
     * @param scopeRequestId the request
     * @param name           the evidence name, for example {@code idDocumentFront}
     * @return the content and its media type
     */
    public Future<Evidence> evidence(String scopeRequestId, String name) {
        return onCallerContext(client.evidence(scopeRequestId, name));
    }

    /**
     * Downloads the evidence a link points to, only if it lies under the configured API base.
     *
     * @param link a link from {@link PiiRequest#links()}
     * @return the content and its media type
     * @throws IllegalArgumentException when the link points outside the API base
     */
    public Future<Evidence> evidence(PiiLink link) {
        return onCallerContext(client.evidence(link));
    }

    /**
     * Closes the client if {@link #create} made it; a client given to {@link #wrap} stays open.
     * The {@code Vertx} is never closed. Idempotent.
     */
    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    /**
     * Describes the client.
     *
     * @return the underlying client's description
     */
    @Override
    public String toString() {
        return "VertxCivicPass[" + client + "]";
    }

    /**
     * Delivers the outcome on the calling verticle's context (a fresh event-loop one from outside
     * Vert.x). A failure reaches the future as the call's own exception: a stage derived from
     * another reports its failure wrapped in a {@link CompletionException}, which
     * {@code Future.fromCompletionStage} would hand on as it is.
     */
    private <T> Future<T> onCallerContext(CompletionStage<T> stage) {
        Context caller = vertx.getOrCreateContext();
        CompletableFuture<T> outcome = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                outcome.complete(value);
            } else {
                outcome.completeExceptionally(unwrapped(failure));
            }
        });
        return Future.fromCompletionStage(outcome, caller);
    }

    private static Throwable unwrapped(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
