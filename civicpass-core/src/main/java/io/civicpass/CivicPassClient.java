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
import java.time.temporal.ChronoUnit;
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

    static final Duration FIRST_POLL = Duration.ofMillis(250);
    static final Duration MAX_POLL = Duration.ofSeconds(5);

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

    private CallRunner.Scope scope() {
        return core.runner.scope(options);
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
        try {
            return Optional.of(get(key));
        } catch (PassNotFoundException absent) {
            return Optional.empty();
        }
    }

    /**
     * Reads a pass that must exist.
     *
     * @param key the pass's chain, network and wallet
     * @return the pass
     * @throws PassNotFoundException when Civic has none for the key
     */
    public Pass get(PassKey key) {
        Inputs.key(key);
        core.ensureOpen();
        return core.runner.call(Operation.retrieve(key), null, scope());
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
        Inputs.key(key);
        core.ensureOpen();
        CallRunner.Scope scope = scope();
        CallRunner.Reconcile<Pass> reconcile = new CallRunner.Reconcile<>(() -> issuedAlready(key, scope),
                failure -> new OutcomeUnknownException(key, failure));
        PassChange change = new PassChange(key, PassChange.Kind.ISSUED, null);
        try {
            Pass pass;
            try {
                pass = core.runner.call(Operation.issue(key), reconcile, scope);
            } catch (InvalidRequestException refused) {
                // Civic refuses an issue for a wallet whose pass is live or pending: that pass is the answer.
                pass = core.runner.pollForRefusedIssue(reconcile, refused, scope);
            }
            core.passChanged(change);
            return pass;
        } catch (OutcomeUnknownException unknown) {
            core.passChanged(change);
            throw unknown;
        }
    }

    /**
     * Freezes a pass (sets its state to FROZEN).
     *
     * @param key the pass
     */
    public void freeze(PassKey key) {
        update("freeze", key, PassUpdate.freeze());
    }

    /**
     * Unfreezes a pass (sets its state back to ACTIVE).
     *
     * @param key the pass
     */
    public void unfreeze(PassKey key) {
        update("unfreeze", key, PassUpdate.unfreeze());
    }

    /**
     * Moves a pass's expiry.
     *
     * @param key    the pass
     * @param expiry the new expiry; must be in the future
     */
    public void expireAt(PassKey key, Instant expiry) {
        update("expireAt", key, PassUpdate.expireAt(Objects.requireNonNull(expiry, "expiry == null")));
    }

    /**
     * Makes the user refresh their pass: sets its expiry {@link #FORCE_REFRESH_LEAD} from now,
     * as Civic advises.
     *
     * @param key the pass
     */
    public void forceRefresh(PassKey key) {
        update("forceRefresh", key, PassUpdate.expireAt(forceRefreshExpiry(core)));
    }

    /**
     * Changes a pass's state and/or expiry.
     *
     * @param key    the pass
     * @param update the change
     */
    public void update(PassKey key, PassUpdate update) {
        update("update", key, update);
    }

    private void update(String name, PassKey key, PassUpdate update) {
        Inputs.key(key);
        Inputs.update(update, core.clock.instant());
        core.ensureOpen();
        core.runner.call(Operation.update(name, key, update), null, scope());
        core.passChanged(new PassChange(key, PassChange.Kind.UPDATED, update));
    }

    /**
     * Revokes a pass. Irreversible: no pass can be issued again for the same chain, network
     * and wallet.
     *
     * @param key the pass
     */
    public void revoke(PassKey key) {
        Inputs.key(key);
        core.ensureOpen();
        CallRunner.Scope scope = scope();
        core.runner.call(Operation.revoke(key), new CallRunner.Reconcile<>(() -> revokedAlready(key, scope), null),
                scope);
        core.passChanged(new PassChange(key, PassChange.Kind.REVOKED, null));
    }

    /**
     * Lists one page of passes.
     *
     * @param query filters, page size and offset
     * @return the page; {@link Page#hasNext()} says whether to ask for the next
     */
    public Page<Pass> list(PassQuery query) {
        Inputs.query(query);
        core.ensureOpen();
        return core.runner.call(Operation.list(query), null, scope());
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
        Inputs.key(key);
        Inputs.timeout(timeout, "timeout", Inputs.MAX_AWAIT);
        core.ensureOpen();
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        Telemetry telemetry = core.runner.telemetry();
        Duration interval = FIRST_POLL;
        Pass last = null;
        int polls = 0;
        while (true) {
            polls++;
            CallRunner.Scope poll = scope();
            Optional<Pass> seen;
            try {
                seen = findBefore(key, core.runner.scope(options, Math.min(deadline, poll.deadline)));
            } catch (CivicTransportException late) {
                telemetry.confirmationPolled(polls, ConfirmationPolled.Result.ERROR, started);
                if (System.nanoTime() - deadline >= 0) {
                    throw new ConfirmationTimeoutException(key, timeout, last);
                }
                throw late;
            }
            if (seen.isPresent()) {
                last = seen.get();
                Optional<PassEvent> failed = last.failedTransaction();
                if (failed.isPresent()) {
                    telemetry.confirmationPolled(polls, ConfirmationPolled.Result.FAILED, started);
                    throw new TransactionFailedException(key, failed.get(), last);
                }
                if (last.isSettled()) {
                    telemetry.confirmationPolled(polls, ConfirmationPolled.Result.CONFIRMED, started);
                    return last;
                }
            }
            telemetry.confirmationPolled(polls, seen.isPresent() ? ConfirmationPolled.Result.PENDING
                    : ConfirmationPolled.Result.NOT_FOUND, started);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ConfirmationTimeoutException(key, timeout, last);
            }
            try {
                core.runner.pause(Duration.ofNanos(Math.min(interval.toNanos(), left)), poll);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new ConfirmationTimeoutException(key, timeout, last);
            }
            interval = nextPoll(interval);
        }
    }

    /** A lookup whose attempts and waits all end by {@code deadline}. */
    private Optional<Pass> findBefore(PassKey key, CallRunner.Scope scope) {
        try {
            return Optional.of(core.runner.call(Operation.retrieve(key), null, scope));
        } catch (PassNotFoundException absent) {
            return Optional.empty();
        }
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
        Inputs.piiRequestId(scopeRequestId);
        core.ensureOpen();
        return core.runner.call(Operation.pii(scopeRequestId), null, scope());
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
        Inputs.piiRequestId(scopeRequestId);
        Inputs.decision(decision);
        core.ensureOpen();
        core.runner.call(Operation.decide(scopeRequestId, decision), null, scope());
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
        Inputs.piiRequestId(scopeRequestId);
        Inputs.evidenceName(name);
        return download(CivicPaths.evidence(scopeRequestId, name));
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
        return download(Inputs.pathUnderApi(core.config.apiUrl(), link));
    }

    private Evidence download(String path) {
        core.ensureOpen();
        return core.runner.call(Operation.evidence(path), null, scope());
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
        core.ensureOpen();
        core.runner.call(Operation.list(PassQuery.all().withLimit(1)), null, scope());
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

    private Optional<CallRunner.Settled<Pass>> issuedAlready(PassKey key, CallRunner.Scope scope) {
        return lookupOnce(key, scope).filter(pass -> !PassState.REVOKED.equals(pass.state()))
                .map(CallRunner.Settled::new);
    }

    private Optional<CallRunner.Settled<Void>> revokedAlready(PassKey key, CallRunner.Scope scope) {
        return lookupOnce(key, scope).filter(pass -> PassState.REVOKED.equals(pass.state()))
                .map(pass -> new CallRunner.Settled<>(null));
    }

    /** One lookup, no retries, within the call's deadline: learns whether an ambiguous attempt took effect. */
    private Optional<Pass> lookupOnce(PassKey key, CallRunner.Scope scope) {
        try {
            return Optional.of(core.runner.once(Operation.retrieve(key), scope));
        } catch (PassNotFoundException absent) {
            return Optional.empty();
        }
    }

    static Instant forceRefreshExpiry(ClientCore core) {
        return core.clock.instant().plus(FORCE_REFRESH_LEAD).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }

    static Duration nextPoll(Duration interval) {
        Duration next = interval.multipliedBy(3).dividedBy(2);
        return next.compareTo(MAX_POLL) > 0 ? MAX_POLL : next;
    }

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
