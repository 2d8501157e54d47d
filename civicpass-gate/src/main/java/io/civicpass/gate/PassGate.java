package io.civicpass.gate;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.PassChange;
import io.civicpass.PassChangeListener;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Admits a request only while the user's pass is valid, at request rates: a bounded cache of
 * verdicts over a Civic Pass client, with one Civic lookup per key at a time however many
 * callers ask, refreshed in the background ahead of expiry while the old verdict is served, and
 * dropped at once when this client changes the pass.
 *
 * <pre>{@code
 * PassGate gate = PassGate.builder(civic)                  // the application's CivicPassClient
 *         .timeToLive(Verdict.Kind.ALLOWED, Duration.ofSeconds(30))
 *         .staleIfError(Duration.ofMinutes(2))
 *         .build();
 * if (gate.check(key).allowed()) { ... }                   // or gate.checkAsync(key)
 * }</pre>
 *
 * <h2>Rules: Civic's answer to a verdict, first matching row wins</h2>
 * <table>
 *   <caption>How a verdict follows from Civic's answer for the key</caption>
 *   <tr><th>#</th><th>Civic's answer</th><th>verdict</th><th>default time-to-live</th></tr>
 *   <tr><td>1</td><td>the lookup failed (unreachable, timeout, 5xx, 429, refused credentials, a
 *       response the client cannot read), and no earlier verdict may be served stale</td>
 *       <td>{@code UNAVAILABLE}: denies, unless {@link Builder#failOpen(boolean)}</td><td>1 s</td></tr>
 *   <tr><td>2</td><td>no pass (404), which includes a new pass Civic has not shown yet</td>
 *       <td>{@code NOT_FOUND}</td><td>5 s</td></tr>
 *   <tr><td>3</td><td>a pass for another chain, network or wallet</td><td>{@code UNKNOWN}</td><td>30 s</td></tr>
 *   <tr><td>4</td><td>{@code state} or {@code onChainState} is {@code EXPIRED} (a status Civic's
 *       documents name, absent from its state enum)</td><td>{@code EXPIRED}</td><td>60 s</td></tr>
 *   <tr><td>5</td><td>{@code state} or {@code onChainState} is {@code REJECTED} or a value this
 *       version does not know</td><td>{@code UNKNOWN}</td><td>30 s</td></tr>
 *   <tr><td>6</td><td>{@code state} is {@code REQUESTED}, or Civic reports no {@code onChainState}</td>
 *       <td>{@code PENDING}</td><td>5 s</td></tr>
 *   <tr><td>7</td><td>{@code state} differs from {@code onChainState}: a change is pending, whatever its
 *       direction (freeze, unfreeze, revoke)</td><td>{@code PENDING}; with
 *       {@link Builder#allowPendingUnfreeze(boolean)}, an unfreeze ({@code ACTIVE} intended,
 *       {@code FROZEN} on chain, the latest change of state logged an unconfirmed unfreeze of an
 *       issued pass) goes on to row 10</td><td>5 s</td></tr>
 *   <tr><td>8</td><td>both {@code REVOKED}</td><td>{@code REVOKED}</td><td>10 min</td></tr>
 *   <tr><td>9</td><td>both {@code FROZEN}</td><td>{@code FROZEN}</td><td>60 s</td></tr>
 *   <tr><td>10</td><td>both {@code ACTIVE}, and this client set the pass's expiry
 *       ({@code expireAt}, {@code forceRefresh}, {@code update}) and the gate's clock is not before
 *       it</td><td>{@code EXPIRED}, at once, whatever is cached</td><td>60 s</td></tr>
 *   <tr><td>11</td><td>both {@code ACTIVE}</td><td>{@code ALLOWED}: the only verdict that allows</td><td>60 s</td></tr>
 * </table>
 *
 * <p><b>Expiry.</b> Civic's responses carry no expiry time. The gate knows an expiry only when
 * this client set it (told through {@link CivicPassClient#onPassChange(PassChangeListener)}), and
 * keeps it until this client sets another. An expiry set elsewhere (another client, Civic's own
 * schedule, another JVM) is seen only once Civic reports it, as a state (row 4); until then the
 * pass reads as it is reported.
 *
 * <h2>Cache</h2>
 * <ul>
 *   <li>Bounded ({@link Builder#maximumSize(long)}), with a time-to-live per verdict kind
 *       ({@link Builder#timeToLive(Verdict.Kind, Duration)}): short for {@code NOT_FOUND} and
 *       {@code PENDING}, so a pass that confirms is admitted soon after.</li>
 *   <li>Single flight: one Civic lookup per key at a time; every caller checking that key while it
 *       runs waits for the same answer.</li>
 *   <li>Refresh ahead ({@link Builder#refreshAhead(Duration)}): a check in the last stretch of a
 *       verdict's life starts a lookup in the background and is answered from the cache.</li>
 *   <li>Stale-if-error ({@link Builder#staleIfError(Duration)}, RFC 5861's sense): when a lookup
 *       fails, the last verdict Civic gave is served, marked {@link Verdict#stale()}, up to the
 *       bound past its time-to-live, with a lookup tried in the background every
 *       {@code UNAVAILABLE} time-to-live; after the bound, {@code UNAVAILABLE}.</li>
 *   <li>Changes made through this client (issue, freeze, unfreeze, expiry, revoke, including one
 *       whose outcome is unknown) drop the key's verdict before the client's call returns, so the
 *       next check reads Civic again. Changes made by anyone else are seen when the verdict's
 *       time-to-live (and any stale-if-error bound) ends: that is the most a gate lags behind
 *       another party's freeze or revoke. Invalidation reaches the gates of this JVM only.</li>
 *   <li>Keys are canonical: an EVM wallet in any letter case is one key.</li>
 * </ul>
 *
 * <p>Counters in {@link #stats()}; lookups and stale serves are told to the
 * {@link Builder#listener(GateListener)}. Thread-safe. Built on Caffeine.
 */
public final class PassGate implements AutoCloseable {

    private final CivicPassAsyncClient client;
    private final Clock clock;
    private final Rules rules;
    private final Map<Verdict.Kind, Long> ttlNanos;
    private final long refreshAheadNanos;
    private final long staleIfErrorNanos;
    private final boolean failOpen;
    private final GateListener listener;
    private final AsyncLoadingCache<PassKey, Entry> cache;
    private final PassChangeListener.Registration registration;
    private final Map<PassKey, Instant> expiries = new ConcurrentHashMap<>();
    private volatile boolean anyExpiry;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder staleServes = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();

    private PassGate(Builder builder) {
        this.client = builder.client;
        this.clock = builder.clock;
        this.rules = new Rules(builder.allowPendingUnfreeze);
        Map<Verdict.Kind, Long> ttls = new EnumMap<>(Verdict.Kind.class);
        builder.ttls.forEach((kind, ttl) -> ttls.put(kind, ttl.toNanos()));
        this.ttlNanos = ttls;
        this.refreshAheadNanos = builder.refreshAhead.toNanos();
        this.staleIfErrorNanos = builder.staleIfError.toNanos();
        this.failOpen = builder.failOpen;
        this.listener = GateListener.all(builder.listeners);
        Caffeine<Object, Object> caffeine = Caffeine.newBuilder()
                .maximumSize(builder.maximumSize)
                .ticker(() -> nanos(clock.instant()));
        if (builder.executor != null) {
            caffeine.executor(builder.executor);
        }
        this.cache = caffeine.expireAfter(new KeepUntil()).buildAsync(new Loader());
        this.registration = client.onPassChange(this::passChanged);
    }

    /**
     * A builder for a gate over a blocking client (its lookups go through the client's
     * non-blocking face, {@link CivicPassClient#async()}).
     *
     * @param client the application's client; the gate never closes it
     * @return the builder
     */
    public static Builder builder(CivicPassClient client) {
        return new Builder(Objects.requireNonNull(client, "client == null").async());
    }

    /**
     * A builder for a gate over a non-blocking client.
     *
     * @param client the application's client; the gate never closes it
     * @return the builder
     */
    public static Builder builder(CivicPassAsyncClient client) {
        return new Builder(Objects.requireNonNull(client, "client == null"));
    }

    /**
     * The verdict for a pass, waiting for Civic only when no cached verdict may be served.
     *
     * @param key the pass's chain, network and wallet
     * @return the verdict; never throws for Civic's failures (they are {@code UNAVAILABLE})
     * @throws IllegalStateException when the gate is closed
     */
    public Verdict check(PassKey key) {
        try {
            return checkAsync(key).toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }

    /**
     * The verdict for a pass, without ever blocking the calling thread: a served verdict is a
     * completed stage; otherwise the stage completes when the lookup does, on the thread that
     * completes it.
     *
     * @param key the pass's chain, network and wallet
     * @return the verdict; the stage never fails for Civic's failures (they are {@code UNAVAILABLE})
     * @throws IllegalStateException when the gate is closed
     */
    public CompletionStage<Verdict> checkAsync(PassKey key) {
        Objects.requireNonNull(key, "key == null");
        ensureOpen();
        PassKey canonical = Rules.canonical(key);
        CompletableFuture<Entry> cached = cache.getIfPresent(canonical);
        if (cached != null && cached.isDone() && !cached.isCompletedExceptionally()) {
            Entry entry = cached.join();
            Instant at = clock.instant();
            long now = nanos(at);
            Verdict served = servable(entry, now);
            if (served != null) {
                hits.increment();
                if (now >= entry.nextLookupAt) {
                    cache.synchronous().refresh(canonical);
                }
                return CompletableFuture.completedFuture(deliver(canonical, entry, served, now, at));
            }
            misses.increment();
            return cache.synchronous().refresh(canonical).thenApply(this::afterLookup);
        }
        misses.increment();
        return (cached != null ? cached : cache.get(canonical)).thenApply(this::afterLookup);
    }

    /**
     * Drops the cached verdict for a pass, so the next check reads Civic again. Changes made
     * through the gate's client need no call: the gate hears of them.
     *
     * @param key the pass
     */
    public void invalidate(PassKey key) {
        Objects.requireNonNull(key, "key == null");
        cache.synchronous().invalidate(Rules.canonical(key));
    }

    /**
     * Drops every cached verdict and forgets every expiry this client set, as if the gate were
     * new (its counters go on): for a test that resets the world it checks against, such as the
     * testkit's fake between tests. In production it costs one Civic lookup per key checked
     * next, and an expiry this client set is then seen only once Civic reports it.
     */
    public void invalidateAll() {
        expiries.clear();
        cache.synchronous().invalidateAll();
    }

    /**
     * The gate's counters since it was built.
     *
     * @return hits, misses, loads, refreshes, stale serves, failed lookups and the size now
     */
    public GateStats stats() {
        return new GateStats(hits.sum(), misses.sum(), loads.sum(), refreshes.sum(), staleServes.sum(),
                loadFailures.sum(), cache.synchronous().estimatedSize());
    }

    /**
     * Stops listening to the client's changes and drops every verdict. Checks after it throw,
     * since a gate that no longer hears of changes could admit a pass this client froze. Never
     * closes the client. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            registration.close();
            cache.synchronous().invalidateAll();
        }
    }

    /**
     * The gate's settings in brief; no key or wallet.
     *
     * @return for example {@code PassGate[size=12, failOpen=false]}
     */
    @Override
    public String toString() {
        return "PassGate[size=" + cache.synchronous().estimatedSize() + ", failOpen=" + failOpen
                + (closed.get() ? ", closed" : "") + "]";
    }

    // ------------------------------------------------------------------------------ internals

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the PassGate is closed");
        }
    }

    /** Told by the client of each change it made: the key's verdict goes, and an expiry set is kept. */
    private void passChanged(PassChange change) {
        PassKey key = Rules.canonical(change.key());
        Optional<Instant> expiry = change.findUpdate().flatMap(PassUpdate::findExpiry);
        if (expiry.isPresent()) {
            expiries.put(key, expiry.get());
            anyExpiry = true;
        }
        cache.synchronous().invalidate(key);
    }

    private static long nanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    /** The verdict an entry may be served as now, or null when a lookup must be waited for. */
    private static Verdict servable(Entry entry, long now) {
        if (now < entry.freshUntil) {
            return entry.verdict;
        }
        if (entry.failing && now < entry.staleDeadline) {
            return entry.staleVerdict;
        }
        return null;
    }

    /** The verdict for the callers that waited for a lookup. */
    private Verdict afterLookup(Entry entry) {
        Instant at = clock.instant();
        long now = nanos(at);
        Verdict served = servable(entry, now);
        if (served == null) {
            // The clock moved past the new entry already (a time-to-live of zero, say): still the
            // answer just read, but never a stale one past its bound.
            served = entry.failing && entry.verdict.kind() != Verdict.Kind.UNAVAILABLE
                    ? unavailable(at) : entry.verdict;
        }
        return deliver(null, entry, served, now, at);
    }

    /** Applies an expiry this client set, and counts and tells a stale serve. */
    private Verdict deliver(PassKey key, Entry entry, Verdict served, long now, Instant at) {
        Verdict verdict = served;
        if (anyExpiry && verdict.kind() == Verdict.Kind.ALLOWED) {
            Instant expiry = expiries.get(key != null ? key : entry.key);
            if (expiry != null && !at.isBefore(expiry)) {
                verdict = verdict.asExpired();
            }
        }
        if (verdict.stale()) {
            staleServes.increment();
            tell(() -> listener.servedStale(new GateListener.StaleServe(served.kind(),
                    Duration.ofNanos(Math.max(0, now - entry.freshUntil)))));
        }
        return verdict;
    }

    private Verdict unavailable(Instant at) {
        return new Verdict(Verdict.Kind.UNAVAILABLE, Optional.empty(), at, false, failOpen);
    }

    private static void tell(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException ignored) {
            // A listener's failure is its own; the check goes on.
        }
    }

    /** One Civic lookup for a key, never failing: a failure becomes a stale or UNAVAILABLE entry. */
    private CompletableFuture<Entry> lookup(PassKey key, Entry old) {
        Instant started = clock.instant();
        boolean background = old != null && servable(old, nanos(started)) != null;
        (background ? refreshes : loads).increment();
        CompletableFuture<Optional<Pass>> call;
        try {
            call = client.find(key).toCompletableFuture();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((found, error) -> {
            Instant at = clock.instant();
            Entry entry = error == null ? read(key, found, at) : failed(key, old, at);
            if (error != null) {
                loadFailures.increment();
            }
            GateListener.Lookup event = new GateListener.Lookup(error == null ? entry.verdict.kind()
                    : Verdict.Kind.UNAVAILABLE, Duration.between(started, at));
            tell(() -> {
                if (background) {
                    listener.refreshed(event);
                } else {
                    listener.loaded(event);
                }
            });
            return entry;
        });
    }

    private Entry read(PassKey key, Optional<Pass> found, Instant at) {
        Verdict.Kind kind = rules.judge(key, found);
        long now = nanos(at);
        long ttl = ttlNanos.get(kind);
        long freshUntil = now + ttl;
        long window = Math.min(refreshAheadNanos, ttl / 2);
        Verdict verdict = new Verdict(kind, found, at, false);
        return new Entry(key, verdict, freshUntil, freshUntil - window, freshUntil + staleIfErrorNanos, false);
    }

    private Entry failed(PassKey key, Entry old, Instant at) {
        long now = nanos(at);
        long retry = ttlNanos.get(Verdict.Kind.UNAVAILABLE);
        if (old != null && old.verdict.kind() != Verdict.Kind.UNAVAILABLE && now < old.staleDeadline) {
            // Stale-if-error: the last verdict Civic gave stands, fresh until its own time-to-live
            // and stale up to its bound; a lookup is tried again in the background meanwhile.
            return new Entry(key, old.verdict, old.freshUntil, Math.min(now + retry, old.staleDeadline),
                    old.staleDeadline, true);
        }
        long until = now + retry;
        return new Entry(key, unavailable(at), until, until, until, true);
    }

    /**
     * A cached verdict and its times, in nanoseconds of the gate's clock: served as is before
     * {@code freshUntil}; a background lookup from {@code nextLookupAt}; served stale, when the
     * last lookup failed, before {@code staleDeadline}; kept by the cache until then.
     */
    private static final class Entry {
        final PassKey key;
        final Verdict verdict;
        final Verdict staleVerdict;
        final long freshUntil;
        final long nextLookupAt;
        final long staleDeadline;
        final boolean failing;

        Entry(PassKey key, Verdict verdict, long freshUntil, long nextLookupAt, long staleDeadline, boolean failing) {
            this.key = key;
            this.verdict = verdict;
            this.staleVerdict = verdict.asStale();
            this.freshUntil = freshUntil;
            this.nextLookupAt = nextLookupAt;
            this.staleDeadline = Math.max(staleDeadline, freshUntil);
            this.failing = failing;
        }
    }

    /** Caffeine's side: load for a miss, reload for a refresh; both one lookup. */
    private final class Loader implements AsyncCacheLoader<PassKey, Entry> {
        @Override
        public CompletableFuture<? extends Entry> asyncLoad(PassKey key, Executor executor) {
            return lookup(key, null);
        }

        @Override
        public CompletableFuture<? extends Entry> asyncReload(PassKey key, Entry oldValue, Executor executor) {
            return lookup(key, oldValue);
        }
    }

    /** Caffeine keeps an entry as long as it may be served, stale included. */
    private static final class KeepUntil implements Expiry<PassKey, Entry> {
        @Override
        public long expireAfterCreate(PassKey key, Entry value, long currentTime) {
            return Math.max(0, value.staleDeadline - currentTime);
        }

        @Override
        public long expireAfterUpdate(PassKey key, Entry value, long currentTime, long currentDuration) {
            return Math.max(0, value.staleDeadline - currentTime);
        }

        @Override
        public long expireAfterRead(PassKey key, Entry value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /**
     * Builds a {@link PassGate}. Defaults: 100,000 verdicts; times-to-live as in the table of
     * {@link PassGate}; refresh ahead 10 s (at most half of a verdict's time-to-live); no
     * stale-if-error; fail closed; a pending unfreeze is PENDING; the system clock; no listener.
     */
    public static final class Builder {
        private final CivicPassAsyncClient client;
        private long maximumSize = 100_000;
        private final Map<Verdict.Kind, Duration> ttls = new EnumMap<>(Verdict.Kind.class);
        private Duration refreshAhead = Duration.ofSeconds(10);
        private Duration staleIfError = Duration.ZERO;
        private boolean failOpen;
        private boolean allowPendingUnfreeze;
        private Clock clock = Clock.systemUTC();
        private final List<GateListener> listeners = new ArrayList<>();
        private Executor executor;

        private Builder(CivicPassAsyncClient client) {
            this.client = client;
            ttls.put(Verdict.Kind.ALLOWED, Duration.ofSeconds(60));
            ttls.put(Verdict.Kind.PENDING, Duration.ofSeconds(5));
            ttls.put(Verdict.Kind.FROZEN, Duration.ofSeconds(60));
            ttls.put(Verdict.Kind.REVOKED, Duration.ofMinutes(10));
            ttls.put(Verdict.Kind.EXPIRED, Duration.ofSeconds(60));
            ttls.put(Verdict.Kind.NOT_FOUND, Duration.ofSeconds(5));
            ttls.put(Verdict.Kind.UNAVAILABLE, Duration.ofSeconds(1));
            ttls.put(Verdict.Kind.UNKNOWN, Duration.ofSeconds(30));
        }

        /**
         * The most verdicts kept; beyond it the least useful go (Caffeine's policy).
         *
         * @param entries 1 or more
         * @return this builder
         */
        public Builder maximumSize(long entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("maximumSize must be at least 1, was " + entries);
            }
            this.maximumSize = entries;
            return this;
        }

        /**
         * How long a verdict of a kind is served before Civic is asked again. For
         * {@link Verdict.Kind#UNAVAILABLE}, how long a failure is remembered, and how often a
         * lookup is tried while a stale verdict is served. The time-to-live of ALLOWED is the
         * longest a gate may admit a pass that another party froze or revoked.
         *
         * @param kind the verdict kind
         * @param ttl  zero (never served from the cache) or more
         * @return this builder
         */
        public Builder timeToLive(Verdict.Kind kind, Duration ttl) {
            Objects.requireNonNull(kind, "kind == null");
            this.ttls.put(kind, nonNegative("timeToLive", ttl));
            return this;
        }

        /**
         * How long before a verdict's time-to-live ends a check starts a lookup in the background
         * (while the cached verdict is served), so that keys checked often never wait for Civic.
         * At most half of the verdict's time-to-live is used. Zero turns it off.
         *
         * @param beforeExpiry zero or more
         * @return this builder
         */
        public Builder refreshAhead(Duration beforeExpiry) {
            this.refreshAhead = nonNegative("refreshAhead", beforeExpiry);
            return this;
        }

        /**
         * How long past its time-to-live the last verdict Civic gave may be served (marked
         * stale) while lookups fail; then {@code UNAVAILABLE}. A stale {@code ALLOWED} admits a
         * pass another party may have frozen meanwhile for up to this much longer. Zero (the
         * default) turns it off.
         *
         * @param bound zero or more
         * @return this builder
         */
        public Builder staleIfError(Duration bound) {
            this.staleIfError = nonNegative("staleIfError", bound);
            return this;
        }

        /**
         * Whether an {@code UNAVAILABLE} verdict allows ({@link Verdict#allowed()} true, the kind
         * still {@code UNAVAILABLE}). What it risks: while Civic cannot be reached, or rate-limits
         * this client, or refuses its credentials, every request is admitted, frozen, revoked,
         * expired and absent passes included, and anyone able to make Civic unreachable for this
         * service (or to exhaust its rate limit) opens the gate. Prefer
         * {@link #staleIfError(Duration)}, which serves what Civic last said. Off by default.
         *
         * @param failOpen true to admit requests while Civic cannot be asked
         * @return this builder
         */
        public Builder failOpen(boolean failOpen) {
            this.failOpen = failOpen;
            return this;
        }

        /**
         * Whether a pass whose unfreeze is pending on chain ({@code ACTIVE} intended,
         * {@code FROZEN} on chain, the latest change of state an unconfirmed unfreeze) is
         * {@code ALLOWED} rather than {@code PENDING}: the user is admitted as soon as Civic
         * accepted the unfreeze, before the chain confirms it (or fails to). Off by default.
         *
         * @param allow true to admit a pending unfreeze
         * @return this builder
         */
        public Builder allowPendingUnfreeze(boolean allow) {
            this.allowPendingUnfreeze = allow;
            return this;
        }

        /**
         * The clock for times-to-live, expiries this client set and {@link Verdict#readAt()};
         * tests give the fake's ({@code fake.clock()}).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock == null");
            return this;
        }

        /**
         * Adds a listener told of lookups and stale serves (never of hits); each listener added is
         * told, in the order added.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(GateListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener == null"));
            return this;
        }

        /**
         * Where the cache runs its upkeep (evictions, removals); Caffeine's default, the common
         * fork-join pool, unless set. Lookups themselves run on the client.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor == null");
            return this;
        }

        /**
         * Builds the gate and registers it with the client for the changes the client makes.
         *
         * @return the gate; close it to unregister
         */
        public PassGate build() {
            return new PassGate(this);
        }

        private static Duration nonNegative(String name, Duration value) {
            Objects.requireNonNull(value, name + " == null");
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or more, was " + value);
            }
            return value;
        }
    }
}
