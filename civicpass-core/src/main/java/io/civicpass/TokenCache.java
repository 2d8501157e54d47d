package io.civicpass;

import io.civicpass.error.CivicTransportException;
import io.civicpass.model.AccessToken;
import io.civicpass.port.TokenSource;
import java.time.Clock;
import io.civicpass.event.TokenTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Caches the access token of one client.
 *
 * <ul>
 *   <li>A token is used until {@code skew} before its expiry.</li>
 *   <li>Single flight: however many callers find the cache cold or spent at once, one token
 *       request is made and all of them get its result.</li>
 *   <li>Refresh ahead: within {@code skew} of that point, the first caller starts one
 *       background refresh and everyone keeps using the still-valid token meanwhile.</li>
 *   <li>{@link #invalidate(AccessToken)} drops a token the API refused (a 401), but only if it
 *       is still the cached one, so a late 401 cannot discard a newer token.</li>
 * </ul>
 */
final class TokenCache implements TokenSource {

    /** How long a failed token request's failure is handed to new callers instead of a new request. */
    private static final Duration FAILURE_HOLD = Duration.ofSeconds(1);

    /** A token request's failure and when it ended, on the {@link System#nanoTime()} scale. */
    private record Failure(Throwable error, long endedAt) {
    }

    private volatile Failure lastFailure;

    /**
     * The cached token with the instants it is judged by, worked out once per token: every call
     * asks whether the token is usable, and this way asking allocates nothing beyond the clock's
     * reading.
     */
    private static final class Held {
        final AccessToken token;
        /** Expiry minus the skew: from then on the token is not used. */
        final Instant useUntil;
        /** Expiry minus twice the skew: from then on the first caller refreshes it ahead. */
        final Instant refreshFrom;

        Held(AccessToken token, Duration skew) {
            this.token = token;
            this.useUntil = before(token.expiresAt(), skew);
            this.refreshFrom = before(token.expiresAt(), skew.multipliedBy(2));
        }

        /** As {@link AccessToken#isValidAt}: {@code now + skew} before the expiry. */
        boolean usableAt(Instant now) {
            return now.isBefore(useUntil);
        }

        private static Instant before(Instant expiry, Duration margin) {
            try {
                return expiry.minus(margin);
            } catch (java.time.DateTimeException beforeTime) {
                return Instant.MIN; // an expiry at the start of time: never usable
            }
        }
    }

    /** After a failed background refresh, the wait before the next one is tried. */
    private static final Duration BACKGROUND_RETRY_PAUSE = Duration.ofSeconds(5);

    private final TokenSource source;
    private final Clock clock;
    private final Duration skew;
    private final Duration waitLimit;
    private final String tokenPath;
    private final Telemetry telemetry;
    /** Set when the API refused the cached token, so the next fetch is told as {@link TokenTrigger#REFUSED}. */
    private volatile boolean refused;
    /** Whether a token was ever obtained, to tell a cold fetch from an expired token's. */
    private volatile boolean everHeld;
    private final AtomicReference<Held> current = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<AccessToken>> inFlight = new AtomicReference<>();
    private volatile Instant backgroundPausedUntil = Instant.MIN;

    /**
     * A cache over a source.
     *
     * @param source    the uncached source (one token request per call)
     * @param clock     the clock expiry is judged by
     * @param skew      how long before expiry a token is no longer used
     * @param waitLimit the longest a caller waits for another caller's token request
     * @param tokenPath the token endpoint's path, for a timeout's message
     */
    TokenCache(TokenSource source, Clock clock, Duration skew, Duration waitLimit, String tokenPath) {
        this(source, clock, skew, waitLimit, tokenPath, new Telemetry(io.civicpass.event.CivicPassListener.NONE,
                System::nanoTime));
    }

    TokenCache(TokenSource source, Clock clock, Duration skew, Duration waitLimit, String tokenPath,
               Telemetry telemetry) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry == null");
        this.source = Objects.requireNonNull(source, "source == null");
        this.clock = Objects.requireNonNull(clock, "clock == null");
        this.skew = Objects.requireNonNull(skew, "skew == null");
        this.waitLimit = Objects.requireNonNull(waitLimit, "waitLimit == null");
        this.tokenPath = tokenPath;
    }

    @Override
    public AccessToken fetch() {
        return fetch(waitLimit);
    }

    @Override
    public CompletionStage<AccessToken> fetchAsync() {
        return fetchAsync(waitLimit);
    }

    /**
     * A usable token, waiting for the one token request in flight (starting it if none is) no
     * longer than the caller's own deadline; the request itself goes on for the other waiters.
     */
    AccessToken fetch(Duration maxWait) {
        return fetch(maxWait, false);
    }

    /**
     * As {@link #fetch(Duration)}; a {@code retrying} caller (a later attempt of a call whose
     * token request failed) does not get a failure another caller just had, but starts anew.
     */
    AccessToken fetch(Duration maxWait, boolean retrying) {
        AccessToken usable = usableToken();
        if (usable != null) {
            return usable;
        }
        return await(startOrJoin(retrying), maxWait);
    }

    /** As {@link #fetch(Duration)}, without blocking; the caller bounds the wait by its deadline. */
    CompletableFuture<AccessToken> fetchAsync(Duration maxWait) {
        return fetchAsync(maxWait, false);
    }

    /** As {@link #fetchAsync(Duration)}, for a caller that may be retrying. */
    CompletableFuture<AccessToken> fetchAsync(Duration maxWait, boolean retrying) {
        AccessToken usable = usableToken();
        if (usable != null) {
            return CompletableFuture.completedFuture(usable);
        }
        return startOrJoin(retrying).copy();
    }

    /**
     * Drops {@code refused} if it is still the cached token, so the next call fetches anew.
     *
     * @param refused the token the API answered 401 to
     */
    void invalidate(AccessToken refused) {
        Held held = current.get();
        if (held != null && held.token == refused && current.compareAndSet(held, null)) {
            this.refused = true;
        }
    }

    /** The cached token if it may be used now; starts a background refresh when it nears its end. */
    private AccessToken usableToken() {
        Held held = current.get();
        if (held == null) {
            return null;
        }
        Instant now = clock.instant();
        if (!held.usableAt(now)) {
            return null;
        }
        if (!now.isBefore(held.refreshFrom) && now.isAfter(backgroundPausedUntil)) {
            refreshInBackground(held);
        }
        return held.token;
    }

    private void refreshInBackground(Held nearlySpent) {
        CompletableFuture<AccessToken> mine = new CompletableFuture<>();
        if (!inFlight.compareAndSet(null, mine)) {
            return; // a refresh is already running
        }
        Held latest = current.get();
        if (latest != nearlySpent) {
            inFlight.compareAndSet(mine, null); // someone refreshed meanwhile
            mine.complete(latest == null ? null : latest.token);
            return;
        }
        runSource(mine, TokenTrigger.REFRESH_AHEAD);
        mine.whenComplete((token, failure) -> {
            if (failure != null) {
                backgroundPausedUntil = clock.instant().plus(BACKGROUND_RETRY_PAUSE);
            }
        });
    }

    private CompletableFuture<AccessToken> startOrJoin(boolean retrying) {
        Failure held = lastFailure;
        if (!retrying && held != null && System.nanoTime() - held.endedAt < FAILURE_HOLD.toNanos()
                && inFlight.get() == null) {
            // The token request just failed: callers arriving on its heels share that failure
            // instead of each sending one more request to a failing endpoint.
            return CompletableFuture.failedFuture(held.error);
        }
        CompletableFuture<AccessToken> mine = new CompletableFuture<>();
        CompletableFuture<AccessToken> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        Held latest = current.get();
        if (latest != null && latest.usableAt(clock.instant())) { // refreshed between our check and winning the race
            inFlight.compareAndSet(mine, null);
            mine.complete(latest.token);
            return mine;
        }
        Failure justFailed = lastFailure;
        if (!retrying && justFailed != null && System.nanoTime() - justFailed.endedAt < FAILURE_HOLD.toNanos()) {
            inFlight.compareAndSet(mine, null); // failed between our check and winning the race
            mine.completeExceptionally(justFailed.error);
            return mine;
        }
        TokenTrigger trigger = refused ? TokenTrigger.REFUSED
                : everHeld && lastFailure == null ? TokenTrigger.EXPIRED : TokenTrigger.COLD;
        refused = false;
        runSource(mine, trigger);
        return mine;
    }

    /** Fetches asynchronously into {@code target}, publishing the token before clearing the flight. */
    private void runSource(CompletableFuture<AccessToken> target, TokenTrigger trigger) {
        long started = telemetry.now();
        CompletionStage<AccessToken> stage;
        try {
            stage = source.fetchAsync();
        } catch (RuntimeException thrown) {
            inFlight.compareAndSet(target, null);
            telemetry.tokenFetched(trigger, thrown, started);
            target.completeExceptionally(thrown);
            return;
        }
        stage.whenComplete((token, failure) -> {
            telemetry.tokenFetched(trigger, failure == null ? null : CivicErrors.unwrap(failure), started);
            if (failure == null) {
                current.set(token == null ? null : new Held(token, skew));
                everHeld = true;
                lastFailure = null;
            } else {
                lastFailure = new Failure(CivicErrors.unwrap(failure), System.nanoTime());
            }
            inFlight.compareAndSet(target, null);
            if (failure == null) {
                target.complete(token);
            } else {
                target.completeExceptionally(CivicErrors.unwrap(failure));
            }
        });
    }

    private AccessToken await(CompletableFuture<AccessToken> running, Duration maxWait) {
        long left = Math.min(maxWait.toNanos(), waitLimit.toNanos());
        try {
            return running.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (ExecutionException failed) {
            Throwable cause = CivicErrors.unwrap(failed);
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException("token request failed", cause);
        } catch (TimeoutException slow) {
            throw new CivicTransportException(CivicTransportException.Kind.TIMEOUT, false, Operation.TOKEN.method().name(),
                    tokenPath, slow);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CivicTransportException(CivicTransportException.Kind.IO, false, Operation.TOKEN.method().name(),
                    tokenPath, interrupted);
        }
    }
}
