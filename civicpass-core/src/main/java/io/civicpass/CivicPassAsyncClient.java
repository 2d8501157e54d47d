package io.civicpass;

import io.civicpass.error.CivicTransportException;
import io.civicpass.event.ConfirmationPolled;
import io.civicpass.error.ConfirmationTimeoutException;
import io.civicpass.error.TransactionFailedException;
import io.civicpass.error.InvalidRequestException;
import io.civicpass.error.OutcomeUnknownException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassEvent;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Non-blocking client for Civic's partner API: the operations of {@link CivicPassClient}, each
 * returning a {@link CompletionStage} at once. No thread is blocked to wait: retries, token
 * refreshes and confirmation polling are scheduled on timers (the transport's own, such as a
 * Vert.x event loop's, when it has them).
 *
 * <p>Invalid arguments throw {@link IllegalArgumentException} from the method itself, before
 * anything is sent; failures of the call complete the stage exceptionally with a
 * {@link io.civicpass.error.CivicPassException}. Thread-safe and meant to be shared.
 */
public final class CivicPassAsyncClient implements AutoCloseable {

    private final ClientCore core;
    private final CallOptions options;
    /** False for a view: it shares the client's connection and token cache and must not release them. */
    private final boolean ownsCore;

    CivicPassAsyncClient(ClientCore core) {
        this(core, CallOptions.DEFAULTS, true);
    }

    CivicPassAsyncClient(ClientCore core, CallOptions options, boolean ownsCore) {
        this.core = core;
        this.options = options;
        this.ownsCore = ownsCore;
    }

    /**
     * A view of this client whose calls use {@code options} (a timeout, a receiver of request
     * ids), sharing this client's connection, token cache and retry budget. A cancellation
     * handle in the options is not needed here: cancel a returned stage with
     * {@code toCompletableFuture().cancel(true)}. The view owns none of what it shares: its
     * {@link #close()} releases nothing and leaves both the view and this client usable. The view
     * works as long as this client is open; close this client to release what it holds.
     *
     * @param options the options for the view's calls
     * @return the view
     */
    public CivicPassAsyncClient withOptions(CallOptions options) {
        return new CivicPassAsyncClient(core, Objects.requireNonNull(options, "options == null"), false);
    }

    private CallRunner.Scope scope() {
        return core.runner.scope(options);
    }

    /**
     * Registers a listener told of each change to a pass made through this client; see
     * {@link CivicPassClient#onPassChange(PassChangeListener)}.
     *
     * @param listener told of each change
     * @return the registration; close it to stop the listener
     */
    public PassChangeListener.Registration onPassChange(PassChangeListener listener) {
        return core.onPassChange(listener);
    }

    /**
     * A builder; finish it with {@code buildAsync()}.
     *
     * @return a new builder
     */
    public static ClientBuilder builder() {
        return new ClientBuilder();
    }

    /**
     * The {@code User-Agent} this client sends.
     *
     * @return library, version, transport and Java version, plus the configured suffix
     */
    public String userAgent() {
        return core.userAgent;
    }

    /**
     * Looks a pass up.
     *
     * @param key the pass's chain, network and wallet
     * @return the pass, or empty when Civic has none for the key
     */
    public CompletionStage<Optional<Pass>> find(PassKey key) {
        return absentAsEmpty(get(key));
    }

    /**
     * Reads a pass that must exist.
     *
     * @param key the pass
     * @return the pass, or a stage failed with {@link PassNotFoundException}
     */
    public CompletionStage<Pass> get(PassKey key) {
        Inputs.key(key);
        core.ensureOpen();
        return core.runner.callAsync(Operation.retrieve(key), null, scope());
    }

    /**
     * Issues a pass to a wallet; see {@link CivicPassClient#issue(PassKey)}.
     *
     * @param key where to issue
     * @return the pass as Civic reports it, pending confirmation
     */
    public CompletionStage<Pass> issue(PassKey key) {
        Inputs.key(key);
        core.ensureOpen();
        CallRunner.Scope scope = scope();
        CallRunner.AsyncReconcile<Pass> reconcile = new CallRunner.AsyncReconcile<>(() -> lookupOnce(key, scope)
                .thenApply(found -> found.filter(pass -> !PassState.REVOKED.equals(pass.state()))
                        .map(CallRunner.Settled::new)), failure -> new OutcomeUnknownException(key, failure));
        CompletableFuture<Pass> result = new CompletableFuture<>();
        CompletableFuture<Pass> call = core.runner.callAsync(Operation.issue(key), reconcile, scope);
        PassChange change = new PassChange(key, PassChange.Kind.ISSUED, null);
        call.whenComplete((pass, error) -> {
            Throwable cause = error == null ? null : CivicErrors.unwrap(error);
            if (cause instanceof InvalidRequestException) {
                // Civic refuses an issue for a wallet whose pass is live or pending: that pass is the answer.
                core.runner.pollForRefusedIssueAsync(reconcile, (InvalidRequestException) cause, scope)
                        .whenComplete((found, lookupError) -> settle(result, found,
                                lookupError == null ? null : CivicErrors.unwrap(lookupError), change));
            } else {
                settle(result, pass, cause, change);
            }
        });
        result.whenComplete((pass, error) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    /**
     * Freezes a pass.
     *
     * @param key the pass
     * @return completion
     */
    public CompletionStage<Void> freeze(PassKey key) {
        return update("freeze", key, PassUpdate.freeze());
    }

    /**
     * Unfreezes a pass.
     *
     * @param key the pass
     * @return completion
     */
    public CompletionStage<Void> unfreeze(PassKey key) {
        return update("unfreeze", key, PassUpdate.unfreeze());
    }

    /**
     * Moves a pass's expiry.
     *
     * @param key    the pass
     * @param expiry the new expiry; must be in the future
     * @return completion
     */
    public CompletionStage<Void> expireAt(PassKey key, Instant expiry) {
        return update("expireAt", key, PassUpdate.expireAt(Objects.requireNonNull(expiry, "expiry == null")));
    }

    /**
     * Makes the user refresh their pass; see {@link CivicPassClient#forceRefresh(PassKey)}.
     *
     * @param key the pass
     * @return completion
     */
    public CompletionStage<Void> forceRefresh(PassKey key) {
        return update("forceRefresh", key, PassUpdate.expireAt(CivicPassClient.forceRefreshExpiry(core)));
    }

    /**
     * Changes a pass's state and/or expiry.
     *
     * @param key    the pass
     * @param update the change
     * @return completion
     */
    public CompletionStage<Void> update(PassKey key, PassUpdate update) {
        return update("update", key, update);
    }

    private CompletionStage<Void> update(String name, PassKey key, PassUpdate update) {
        Inputs.key(key);
        Inputs.update(update, core.clock.instant());
        core.ensureOpen();
        return telling(core.runner.callAsync(Operation.update(name, key, update), null, scope()),
                new PassChange(key, PassChange.Kind.UPDATED, update));
    }

    /**
     * Revokes a pass, irreversibly.
     *
     * @param key the pass
     * @return completion
     */
    public CompletionStage<Void> revoke(PassKey key) {
        Inputs.key(key);
        core.ensureOpen();
        CallRunner.Scope scope = scope();
        return telling(core.runner.callAsync(Operation.revoke(key), new CallRunner.AsyncReconcile<>(() -> lookupOnce(key, scope)
                .thenApply(found -> found.filter(pass -> PassState.REVOKED.equals(pass.state()))
                        .map(pass -> new CallRunner.Settled<Void>(null))), null), scope),
                new PassChange(key, PassChange.Kind.REVOKED, null));
    }

    /**
     * The stage of a call that changes a pass, completed only after the change listeners were
     * told, so that a caller's continuation already sees their caches dropped; cancelling it
     * cancels the call.
     */
    private <T> CompletableFuture<T> telling(CompletableFuture<T> call, PassChange change) {
        CompletableFuture<T> result = new CompletableFuture<>();
        call.whenComplete((value, error) -> settle(result, value, error == null ? null : CivicErrors.unwrap(error),
                change));
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    /**
     * Completes {@code result}, first telling the change listeners when Civic accepted the change
     * or its outcome is unknown.
     */
    private <T> void settle(CompletableFuture<T> result, T value, Throwable error, PassChange change) {
        if (error == null || error instanceof OutcomeUnknownException) {
            core.passChanged(change);
        }
        if (error == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(error);
        }
    }

    /**
     * Lists one page of passes.
     *
     * @param query filters, page size and offset
     * @return the page
     */
    public CompletionStage<Page<Pass>> list(PassQuery query) {
        Inputs.query(query);
        core.ensureOpen();
        return core.runner.callAsync(Operation.list(query), null, scope());
    }

    /**
     * Waits, without blocking, until a pass is confirmed on chain; see
     * {@link CivicPassClient#awaitConfirmed(PassKey, Duration)}.
     *
     * @param key     the pass
     * @param timeout the longest to wait
     * @return the confirmed pass, or a stage failed with {@link ConfirmationTimeoutException}
     */
    public CompletionStage<Pass> awaitConfirmed(PassKey key, Duration timeout) {
        Inputs.key(key);
        Inputs.timeout(timeout, "timeout", Inputs.MAX_AWAIT);
        core.ensureOpen();
        CompletableFuture<Pass> result = new CompletableFuture<>();
        long started = System.nanoTime();
        poll(key, timeout, started, started + timeout.toNanos(), 1, CivicPassClient.FIRST_POLL, null, result);
        return result;
    }

    private void poll(PassKey key, Duration timeout, long started, long deadline, int polls, Duration interval,
                      Pass lastSeen, CompletableFuture<Pass> result) {
        if (result.isDone()) {
            return;
        }
        Telemetry telemetry = core.runner.telemetry();
        CallRunner.Scope scope = core.runner.scope(options, Math.min(deadline, scope().deadline));
        absentAsEmpty(core.runner.callAsync(Operation.retrieve(key), null, scope))
                .whenComplete((seen, failure) -> {
                    if (failure != null) {
                        telemetry.confirmationPolled(polls, ConfirmationPolled.Result.ERROR, started);
                        Throwable cause = CivicErrors.unwrap(failure);
                        result.completeExceptionally(cause instanceof CivicTransportException
                                && System.nanoTime() - deadline >= 0
                                ? new ConfirmationTimeoutException(key, timeout, lastSeen) : cause);
                        return;
                    }
                    Pass last = seen.orElse(lastSeen);
                    if (seen.isPresent()) {
                        Optional<PassEvent> failed = seen.get().failedTransaction();
                        if (failed.isPresent()) {
                            telemetry.confirmationPolled(polls, ConfirmationPolled.Result.FAILED, started);
                            result.completeExceptionally(new TransactionFailedException(key, failed.get(), seen.get()));
                            return;
                        }
                        if (seen.get().isSettled()) {
                            telemetry.confirmationPolled(polls, ConfirmationPolled.Result.CONFIRMED, started);
                            result.complete(seen.get());
                            return;
                        }
                    }
                    telemetry.confirmationPolled(polls, seen.isPresent() ? ConfirmationPolled.Result.PENDING
                            : ConfirmationPolled.Result.NOT_FOUND, started);
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        result.completeExceptionally(new ConfirmationTimeoutException(key, timeout, last));
                        return;
                    }
                    core.scheduler.schedule(Duration.ofNanos(Math.min(interval.toNanos(), left)),
                            () -> poll(key, timeout, started, deadline, polls + 1, CivicPassClient.nextPoll(interval),
                                    last, result));
                });
    }

    /**
     * Reads a PII request. Personal data: do not log it.
     *
     * @param scopeRequestId the id Civic gave for the user's submission
     * @return the request, or a stage failed with {@link io.civicpass.error.PiiRequestNotFoundException}
     *         when Civic has no such request, or no longer (Civic keeps PII at most 7 days, or until
     *         it is first read)
     */
    public CompletionStage<PiiRequest> pii(String scopeRequestId) {
        Inputs.piiRequestId(scopeRequestId);
        core.ensureOpen();
        return core.runner.callAsync(Operation.pii(scopeRequestId), null, scope());
    }

    /**
     * Approves a PII request.
     *
     * @param scopeRequestId the request
     * @return completion
     */
    public CompletionStage<Void> approvePii(String scopeRequestId) {
        return decidePii(scopeRequestId, PiiDecision.APPROVE);
    }

    /**
     * Rejects a PII request.
     *
     * @param scopeRequestId the request
     * @return completion
     */
    public CompletionStage<Void> rejectPii(String scopeRequestId) {
        return decidePii(scopeRequestId, PiiDecision.REJECT);
    }

    /**
     * Records a decision on a PII request.
     *
     * @param scopeRequestId the request
     * @param decision       approve or reject
     * @return completion
     */
    public CompletionStage<Void> decidePii(String scopeRequestId, PiiDecision decision) {
        Inputs.piiRequestId(scopeRequestId);
        Inputs.decision(decision);
        core.ensureOpen();
        return core.runner.callAsync(Operation.decide(scopeRequestId, decision), null, scope());
    }

    /**
     * Downloads an evidence item by name.
     *
     * @param scopeRequestId the request
     * @param name           the evidence name, for example {@code idDocumentFront}
     * @return the content and its media type
     */
    public CompletionStage<Evidence> evidence(String scopeRequestId, String name) {
        Inputs.piiRequestId(scopeRequestId);
        Inputs.evidenceName(name);
        return download(CivicPaths.evidence(scopeRequestId, name));
    }

    /**
     * Downloads the evidence a link points to, only if it lies under the configured API base.
     *
     * @param link a link from {@link PiiRequest#links()}
     * @return the content and its media type
     * @throws IllegalArgumentException when the link points outside the API base
     */
    public CompletionStage<Evidence> evidence(PiiLink link) {
        core.ensureOpen();
        return download(Inputs.pathUnderApi(core.config.apiUrl(), link));
    }

    private CompletionStage<Evidence> download(String path) {
        core.ensureOpen();
        return core.runner.callAsync(Operation.evidence(path), null, scope());
    }

    /**
     * Checks the configuration against Civic with one token and one cheap call (a list of at most
     * one pass): for start-up checks and health probes.
     *
     * @return a stage completing when the configuration works, or with a
     *         {@link io.civicpass.error.ConfigurationException} (wrong URL), an
     *         {@link io.civicpass.error.AuthenticationException} (refused credentials) or another failure
     */
    public CompletionStage<Void> verifyConfiguration() {
        core.ensureOpen();
        return core.runner.callAsync(Operation.list(PassQuery.all().withLimit(1)), null, scope()).thenApply(page -> null);
    }

    /**
     * Releases what the transport created (not an HTTP client or event loop you handed over);
     * closes the blocking face too. Idempotent. On a view made by {@link #withOptions(CallOptions)}
     * it does nothing: the view created nothing, and the client it came from stays open.
     */
    @Override
    public void close() {
        if (ownsCore) {
            core.close();
        }
    }

    @Override
    public String toString() {
        return "CivicPassAsyncClient[apiUrl=" + core.config.apiUrl() + ", userAgent=" + core.userAgent + "]";
    }

    /** One lookup, no retries, within the call's deadline: learns whether an ambiguous attempt took effect. */
    private CompletionStage<Optional<Pass>> lookupOnce(PassKey key, CallRunner.Scope scope) {
        return absentAsEmpty(core.runner.onceAsync(Operation.retrieve(key), scope));
    }

    /** A pass, or empty where the lookup failed with {@link PassNotFoundException}. */
    private static CompletionStage<Optional<Pass>> absentAsEmpty(CompletionStage<Pass> lookup) {
        return lookup.handle((pass, failure) -> {
            if (failure == null) {
                return Optional.of(pass);
            }
            Throwable cause = CivicErrors.unwrap(failure);
            if (cause instanceof PassNotFoundException) {
                return Optional.<Pass>empty();
            }
            throw rethrowable(cause);
        });
    }

    private static RuntimeException rethrowable(Throwable cause) {
        return cause instanceof RuntimeException ? (RuntimeException) cause
                : new java.util.concurrent.CompletionException(cause);
    }
}
