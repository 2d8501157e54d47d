package io.civicpass;

import io.civicpass.error.ConfirmationTimeoutException;
import io.civicpass.error.TransactionFailedException;
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
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Blocking client for Civic's partner API: issue, look up, list, freeze, unfreeze, expire and
 * revoke Civic Passes, and review PII requests.
 *
 * <pre>{@code
 * try (CivicPassClient civic = CivicPassClient.builder()
 *         .config(CivicPassConfig.fromEnvironment())
 *         .transport(FeignTransport.create())
 *         .build()) {
 *     PassKey key = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");
 *     civic.issue(key);
 *     Pass pass = civic.awaitConfirmed(key, Duration.ofMinutes(2));
 * }
 * }</pre>
 *
 * <p>Thread-safe and meant to be shared: one client per application and set of credentials.
 * The access token is fetched once and reused until shortly before it expires. Arguments are
 * validated before anything is sent ({@link IllegalArgumentException} naming the field);
 * failures are {@link io.civicpass.error.CivicPassException}s. Issue, update and revoke return
 * when Civic has accepted the change, before the chain confirms it; see
 * {@link #awaitConfirmed(PassKey, Duration)}.
 */
public final class CivicPassClient implements AutoCloseable {

    /** How far ahead {@link #forceRefresh(PassKey)} sets the expiry: Civic advises a few seconds. */
    public static final Duration FORCE_REFRESH_LEAD = Duration.ofSeconds(5);

    private final ClientCore core;
    private final CallOptions options;
    private final CivicPassAsyncClient async;
    /** False for a view: it shares the client's connection and token cache and must not release them. */
    private final boolean ownsCore;

    CivicPassClient(ClientCore core) {
        this(core, CallOptions.DEFAULTS, true);
    }

    private CivicPassClient(ClientCore core, CallOptions options, boolean ownsCore) {
        this.core = core;
        this.options = options;
        this.ownsCore = ownsCore;
        this.async = new CivicPassAsyncClient(core, options, ownsCore);
    }

    /**
     * A view of this client whose calls use {@code options} (a timeout, a cancellation handle, a
     * receiver of request ids), sharing this client's connection, token cache and retry budget.
     * The view owns none of them: its {@link #close()} (and its {@link #async()} face's) releases
     * nothing and leaves both the view and this client usable, so
     * {@code try (var view = civic.withOptions(o)) { ... }} is harmless. The view works as long
     * as this client is open; close this client to release what it holds.
     *
     * <pre>{@code
     * CallCancellation cancel = CallCancellation.create();
     * Optional<Pass> pass = civic.withOptions(CallOptions.builder()
     *         .timeout(Duration.ofSeconds(3)).cancellation(cancel).build()).find(key);
     * }</pre>
     *
     * @param options the options for the view's calls
     * @return the view
     */
    public CivicPassClient withOptions(CallOptions options) {
        return new CivicPassClient(core, Objects.requireNonNull(options, "options == null"), false);
    }

    /**
     * Registers a listener told of each change to a pass made through this client: issued,
     * updated (frozen, unfrozen, expiry moved) or revoked, once Civic accepted it or when its
     * outcome is unknown. Shared by this client's async face and every view of it; see
     * {@link PassChangeListener} for the thread it runs on and what it never sees.
     *
     * @param listener told of each change
     * @return the registration; close it to stop the listener
     */
    public PassChangeListener.Registration onPassChange(PassChangeListener listener) {
        return core.onPassChange(listener);
    }

    /**
     * A builder for a client (blocking with {@code build()}, non-blocking with {@code buildAsync()}).
     *
     * @return a new builder
     */
    public static ClientBuilder builder() {
        return new ClientBuilder();
    }

    /**
     * A client for a configuration, over the transport found on the classpath.
     *
     * @param config where and how to reach Civic
     * @return the client
     * @throws IllegalStateException when no transport artifact is on the classpath
     */
    public static CivicPassClient create(CivicPassConfig config) {
        return builder().config(config).build();
    }

    /**
     * The non-blocking face of this client, sharing its connection and token cache.
     *
     * @return the asynchronous client
     */
    public CivicPassAsyncClient async() {
        return async;
    }

    /**
     * The {@code User-Agent} this client sends.
     *
     * @return library, version, transport and Java version, plus the configured suffix
     */
    public String userAgent() {
        return core.userAgent;
    }

    // ------------------------------------------------------------------------------- passes

    /**
     * Looks a pass up.
     *
     * @param key the pass's chain, network and wallet
     * @return the pass, or empty when Civic has none for the key (or has not shown a new one yet)
     */
    public Optional<Pass> find(PassKey key) {
        return core.call(Operation.find(key), options);
    }

    /**
     * Reads a pass that must exist.
     *
     * @param key the pass's chain, network and wallet
     * @return the pass
     * @throws PassNotFoundException when Civic has none for the key
     */
    public Pass get(PassKey key) {
        return core.call(Operation.get(key), options);
    }

    /**
     * Issues a pass to a wallet. Returns when Civic has accepted it (HTTP 202); the chain
     * confirms later. Never creates two passes: after an ambiguous failure the client looks the
     * pass up before trying again.
     *
     * @param key where to issue: chain, network and wallet
     * @return the pass as Civic reports it, typically with state {@code REQUESTED} or {@code ACTIVE}
     *         and a {@code TOKEN_ISSUED_INITIATED} event
     * @throws io.civicpass.error.InvalidRequestException when Civic refuses (a revoked wallet, say)
     */
    public Pass issue(PassKey key) {
        return core.call(Operation.issue(key), options);
    }

    /**
     * Freezes a pass (sets its state to FROZEN).
     *
     * @param key the pass
     */
    public void freeze(PassKey key) {
        core.call(Operation.update("freeze", key, PassUpdate.freeze(), core.clock.instant()), options);
    }

    /**
     * Unfreezes a pass (sets its state back to ACTIVE).
     *
     * @param key the pass
     */
    public void unfreeze(PassKey key) {
        core.call(Operation.update("unfreeze", key, PassUpdate.unfreeze(), core.clock.instant()), options);
    }

    /**
     * Moves a pass's expiry.
     *
     * @param key    the pass
     * @param expiry the new expiry; must be in the future
     */
    public void expireAt(PassKey key, Instant expiry) {
        core.call(Operation.expireAt(key, expiry, core.clock.instant()), options);
    }

    /**
     * Makes the user refresh their pass: sets its expiry {@link #FORCE_REFRESH_LEAD} from now,
     * as Civic advises.
     *
     * @param key the pass
     */
    public void forceRefresh(PassKey key) {
        core.call(Operation.forceRefresh(key, core.clock.instant()), options);
    }

    /**
     * Changes a pass's state and/or expiry.
     *
     * @param key    the pass
     * @param update the change
     */
    public void update(PassKey key, PassUpdate update) {
        core.call(Operation.update("update", key, update, core.clock.instant()), options);
    }

    /**
     * Revokes a pass. Irreversible: no pass can be issued again for the same chain, network
     * and wallet.
     *
     * @param key the pass
     */
    public void revoke(PassKey key) {
        core.call(Operation.revoke(key), options);
    }

    /**
     * Lists one page of passes.
     *
     * @param query filters, page size and offset
     * @return the page; {@link Page#hasNext()} says whether to ask for the next
     */
    public Page<Pass> list(PassQuery query) {
        return core.call(Operation.list(query), options);
    }

    /**
     * Every pass matching the query from its offset on, fetched lazily a page at a time, so
     * memory stays constant however many there are. A failing page throws its
     * {@link io.civicpass.error.CivicPassException} from the stream's terminal operation.
     *
     * @param query filters, page size and starting offset
     * @return a sequential stream
     */
    public Stream<Pass> stream(PassQuery query) {
        Inputs.query(query);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new PageIterator(query),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Every pass matching the query, fetched lazily a page at a time.
     *
     * @param query filters, page size and starting offset
     * @return an iterable; each iteration starts again from the query's offset
     */
    public Iterable<Pass> iterate(PassQuery query) {
        Inputs.query(query);
        return () -> new PageIterator(query);
    }

    /**
     * Waits until a pass is confirmed on chain: it exists, {@code state} equals
     * {@code onChainState} and every initiated event has its confirmation. Polls with a backoff
     * from 250 ms to 5 s; a pass not found yet counts as pending (Civic shows a new pass only once
     * its issuance is confirmed). Every poll ends by the timeout.
     *
     * @param key     the pass
     * @param timeout the longest to wait, at most one day
     * @return the confirmed pass
     * @throws ConfirmationTimeoutException when the timeout passes first
     * @throws TransactionFailedException   as soon as the latest change's chain transaction failed
     */
    public Pass awaitConfirmed(PassKey key, Duration timeout) {
        return core.awaitConfirmed(key, timeout, options);
    }

    // ------------------------------------------------------------------------------- PII

    /**
     * Reads a PII request. Personal data: do not log it.
     *
     * @param scopeRequestId the id Civic gave for the user's submission
     * @return the request
     * @throws io.civicpass.error.PiiRequestNotFoundException when Civic has no such request, or no
     *         longer (Civic keeps PII at most 7 days, or until it is first read)
     */
    public PiiRequest pii(String scopeRequestId) {
        return core.call(Operation.pii(scopeRequestId), options);
    }

    /**
     * Approves a PII request, allowing the user's pass to be issued.
     *
     * @param scopeRequestId the request
     */
    public void approvePii(String scopeRequestId) {
        decidePii(scopeRequestId, PiiDecision.APPROVE);
    }

    /**
     * Rejects a PII request, blocking the user's pass.
     *
     * @param scopeRequestId the request
     */
    public void rejectPii(String scopeRequestId) {
        decidePii(scopeRequestId, PiiDecision.REJECT);
    }

    /**
     * Records a decision on a PII request.
     *
     * @param scopeRequestId the request
     * @param decision       approve or reject
     */
    public void decidePii(String scopeRequestId, PiiDecision decision) {
        core.call(Operation.decide(scopeRequestId, decision), options);
    }

    /**
     * Downloads an evidence item of a PII request by name, from
     * {@code <API base>/piirequest/{id}/evidence/{name}}.
     *
     * @param scopeRequestId the request
     * @param name           the evidence name, for example {@code idDocumentFront}
     * @return the content and its media type
     */
    public Evidence evidence(String scopeRequestId, String name) {
        return core.call(Operation.evidence(scopeRequestId, name), options);
    }

    /**
     * Downloads the evidence a link of a PII request points to. Only links under the
     * configured API base are followed, so the access token is never sent anywhere else.
     *
     * @param link a link from {@link PiiRequest#links()}
     * @return the content and its media type
     * @throws IllegalArgumentException when the link points outside the API base
     */
    public Evidence evidence(PiiLink link) {
        core.ensureOpen();
        return core.call(Operation.evidence(core.config.apiUrl(), link), options);
    }

    /**
     * Checks the configuration against Civic with one token (the cached one if any) and one cheap
     * call, a list of at most one pass: for start-up checks and health probes.
     *
     * @throws io.civicpass.error.ConfigurationException when the token URL or API base URL is wrong
     * @throws io.civicpass.error.AuthenticationException when the credentials are refused or may not list passes
     * @throws io.civicpass.error.CivicPassException when Civic cannot be reached
     */
    public void verifyConfiguration() {
        core.call(Operation.verification(), options);
    }

    // ------------------------------------------------------------------------------- lifecycle

    /**
     * Releases what the transport created for this client (not an HTTP client or event loop
     * you handed over). Closes the asynchronous face too. Idempotent. On a view made by
     * {@link #withOptions(CallOptions)} it does nothing: the view created nothing, and the client
     * it came from stays open.
     */
    @Override
    public void close() {
        if (ownsCore) {
            core.close();
        }
    }

    @Override
    public String toString() {
        return "CivicPassClient[apiUrl=" + core.config.apiUrl() + ", userAgent=" + core.userAgent + "]";
    }

    // ------------------------------------------------------------------------------- helpers

    /** Walks pages lazily; holds one page at a time. */
    private final class PageIterator implements Iterator<Pass> {

        private PassQuery next;
        private List<Pass> page = List.of();
        private int index;

        PageIterator(PassQuery first) {
            this.next = Objects.requireNonNull(first);
        }

        @Override
        public boolean hasNext() {
            while (index >= page.size()) {
                if (next == null) {
                    return false;
                }
                Page<Pass> fetched = list(next);
                page = fetched.items();
                index = 0;
                next = fetched.hasNext() ? fetched.nextQuery() : null;
            }
            return true;
        }

        @Override
        public Pass next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.get(index++);
        }
    }
}
