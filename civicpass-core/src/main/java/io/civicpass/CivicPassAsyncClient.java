package io.civicpass;

import io.civicpass.error.ConfirmationTimeoutException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
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
        return core.callAsync(Operation.find(key), options);
    }

    /**
     * Reads a pass that must exist.
     *
     * @param key the pass
     * @return the pass, or a stage failed with {@link PassNotFoundException}
     */
    public CompletionStage<Pass> get(PassKey key) {
        return core.callAsync(Operation.get(key), options);
    }

    /**
     * Issues a pass to a wallet; see {@link CivicPassClient#issue(PassKey)}.
     *
     * @param key where to issue
     * @return the pass as Civic reports it, pending confirmation
     */
    public CompletionStage<Pass> issue(PassKey key) {
        return core.callAsync(Operation.issue(key), options);
    }

    /**
     * Freezes a pass.
     *
     * @param key the pass
     * @return completion
     */
    public CompletionStage<Void> freeze(PassKey key) {
        return core.callAsync(Operation.update("freeze", key, PassUpdate.freeze(), core.clock.instant()), options);
    }

    /**
     * Unfreezes a pass.
     *
     * @param key the pass
     * @return completion
     */
    public CompletionStage<Void> unfreeze(PassKey key) {
        return core.callAsync(Operation.update("unfreeze", key, PassUpdate.unfreeze(), core.clock.instant()), options);
    }

    /**
     * Moves a pass's expiry.
     *
     * @param key    the pass
     * @param expiry the new expiry; must be in the future
     * @return completion
     */
    public CompletionStage<Void> expireAt(PassKey key, Instant expiry) {
        return core.callAsync(Operation.expireAt(key, expiry, core.clock.instant()), options);
    }

    /**
     * Makes the user refresh their pass; see {@link CivicPassClient#forceRefresh(PassKey)}.
     *
     * @param key the pass
     * @return completion
     */
    public CompletionStage<Void> forceRefresh(PassKey key) {
        return core.callAsync(Operation.forceRefresh(key, core.clock.instant()), options);
    }

    /**
     * Changes a pass's state and/or expiry.
     *
     * @param key    the pass
     * @param update the change
     * @return completion
     */
    public CompletionStage<Void> update(PassKey key, PassUpdate update) {
        return core.callAsync(Operation.update("update", key, update, core.clock.instant()), options);
    }

    /**
     * Revokes a pass, irreversibly.
     *
     * @param key the pass
     * @return completion
     */
    public CompletionStage<Void> revoke(PassKey key) {
        return core.callAsync(Operation.revoke(key), options);
    }

    /**
     * Lists one page of passes.
     *
     * @param query filters, page size and offset
     * @return the page
     */
    public CompletionStage<Page<Pass>> list(PassQuery query) {
        return core.callAsync(Operation.list(query), options);
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
        return core.awaitConfirmedAsync(key, timeout, options);
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
        return core.callAsync(Operation.pii(scopeRequestId), options);
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
        return core.callAsync(Operation.decide(scopeRequestId, decision), options);
    }

    /**
     * Downloads an evidence item by name.
     *
     * @param scopeRequestId the request
     * @param name           the evidence name, for example {@code idDocumentFront}
     * @return the content and its media type
     */
    public CompletionStage<Evidence> evidence(String scopeRequestId, String name) {
        return core.callAsync(Operation.evidence(scopeRequestId, name), options);
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
        return core.callAsync(Operation.evidence(core.config.apiUrl(), link), options);
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
        return core.callAsync(Operation.verification(), options).thenApply(page -> null);
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
}
