package io.civicpass.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.civicpass.CivicPassClient;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.retrofit.RetrofitTransport;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.FakeCivicExtension;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.testkit.WithFakeCivic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gate against the testkit's HTTP fake (through Retrofit), on the fake's clock and with its
 * faults; Civic's lookups counted in the fake's journal.
 */
@WithFakeCivic(lifecycle = FakeCivicExtension.Lifecycle.PER_TEST, confirmationDelayMillis = 2_000)
class PassGateTest {

    private static final String WALLET = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";
    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, WALLET);
    private static final RequestMatcher LOOKUPS = RequestMatcher.of("GET", "/partner/pass/**");
    private static final Duration ALLOWED_TTL = Duration.ofSeconds(60);
    private static final Duration CONFIRMATION = Duration.ofMillis(2_000);

    private FakeCivic fake;
    private HeldTransport transport;
    private CivicPassClient client;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void connect(FakeCivic fake) {
        this.fake = fake;
        this.transport = new HeldTransport(RetrofitTransport.create());
        this.client = CivicPassClient.builder().config(fake.config()).transport(transport).clock(fake.clock()).build();
        closing.add(client);
    }

    @AfterEach
    void close() throws Exception {
        transport.release();
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private PassGate.Builder gate() {
        return PassGate.builder(client).clock(fake.clock()).executor(Runnable::run)
                .timeToLive(Verdict.Kind.ALLOWED, ALLOWED_TTL);
    }

    private PassGate built(PassGate.Builder builder) {
        PassGate gate = builder.build();
        closing.add(0, gate);
        return gate;
    }

    /** Another party: a client of the same Civic account in another service, unseen by the gate. */
    private CivicPassClient otherParty() {
        CivicPassClient other = CivicPassClient.builder().config(fake.config()).transport(RetrofitTransport.create())
                .clock(fake.clock()).build();
        closing.add(other);
        return other;
    }

    private int lookups() {
        return fake.journal().count(LOOKUPS);
    }

    // ------------------------------------------------------------------ verdicts and the cache

    @Test
    void anActivePassIsAllowedAndTheSecondCheckIsServedFromTheCache() {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate gate = built(gate());

        java.time.Instant before = fake.clock().instant();
        Verdict first = gate.check(KEY);
        Verdict second = gate.check(KEY);

        assertThat(first.kind()).isEqualTo(Verdict.Kind.ALLOWED);
        assertThat(first.allowed()).isTrue();
        assertThat(first.pass()).hasValueSatisfying(p -> assertThat(p.state()).isEqualTo(PassState.ACTIVE));
        assertThat(first.readAt()).isBetween(before, fake.clock().instant());
        assertThat(first.stale()).isFalse();
        assertThat(second).isSameAs(first);
        assertThat(lookups()).isEqualTo(1);
        GateStats stats = gate.stats();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.loads()).isEqualTo(1);
        assertThat(stats.lookups()).isEqualTo(1);
    }

    @Test
    void everyListenerAddedIsToldOfALookupEvenWhenAnEarlierOneThrows() {
        fake.seedPass(KEY, PassState.ACTIVE);
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        PassGate gate = built(gate()
                .listener(new GateListener() {
                    @Override
                    public void loaded(Lookup event) {
                        told.add("first " + event.kind());
                        throw new IllegalStateException("a listener's own bug");
                    }
                })
                .listener(new GateListener() {
                    @Override
                    public void loaded(Lookup event) {
                        told.add("second " + event.kind());
                    }
                }));

        assertThat(gate.check(KEY).allowed()).isTrue();
        assertThat(told).containsExactly("first ALLOWED", "second ALLOWED");
    }

    @Test
    void anEvmWalletInAnyLetterCaseIsOneKey() {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate gate = built(gate());

        assertThat(gate.check(PassKey.of(ChainNetwork.SEPOLIA, WALLET.toLowerCase(Locale.ROOT))).allowed()).isTrue();
        assertThat(gate.check(PassKey.of(ChainNetwork.SEPOLIA, "0x" + WALLET.substring(2).toUpperCase(Locale.ROOT)))
                .allowed()).isTrue();
        assertThat(gate.check(KEY).allowed()).isTrue();

        assertThat(lookups()).isEqualTo(1);
    }

    @Test
    void frozenAndAbsentPassesAreDeniedAndTheirVerdictsSaySo() {
        fake.seedPass(KEY, PassState.FROZEN);
        PassKey absent = PassKey.of(ChainNetwork.SEPOLIA, "0x" + "1".repeat(40));
        PassGate gate = built(gate());

        assertThat(gate.check(KEY)).satisfies(v -> {
            assertThat(v.kind()).isEqualTo(Verdict.Kind.FROZEN);
            assertThat(v.allowed()).isFalse();
        });
        assertThat(gate.check(absent)).satisfies(v -> {
            assertThat(v.kind()).isEqualTo(Verdict.Kind.NOT_FOUND);
            assertThat(v.pass()).isEmpty();
            assertThat(v.allowed()).isFalse();
        });
    }

    @Test
    void theCacheStaysWithinItsMaximumSize() {
        PassGate gate = built(gate().maximumSize(10));
        for (int i = 0; i < 200; i++) {
            gate.check(PassKey.of(ChainNetwork.SEPOLIA, String.format("0x%040x", i)));
        }
        assertThat(gate.stats().size()).isLessThanOrEqualTo(10);
        assertThat(gate.stats().misses()).isEqualTo(200);
    }

    @Test
    void invalidateMakesTheNextCheckAskCivicAgain() {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate gate = built(gate());
        gate.check(KEY);

        gate.invalidate(PassKey.of(ChainNetwork.SEPOLIA, WALLET.toLowerCase(Locale.ROOT)));
        gate.check(KEY);

        assertThat(lookups()).isEqualTo(2);
    }

    // ------------------------------------------------------- changes made through this client

    @Test
    void aPassThisClientFrozeIsNotAllowedImmediatelyOnEitherFace() {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate gate = built(gate());
        assertThat(gate.check(KEY).allowed()).isTrue();

        client.freeze(KEY);

        assertThat(gate.check(KEY).kind()).isEqualTo(Verdict.Kind.PENDING);   // frozen intended, active on chain
        fake.clock().advance(CONFIRMATION.plus(Duration.ofSeconds(5)));       // confirmed; the PENDING verdict lived out
        assertThat(gate.check(KEY).kind()).isEqualTo(Verdict.Kind.FROZEN);

        client.unfreeze(KEY);
        fake.clock().advance(CONFIRMATION.plus(Duration.ofSeconds(5)));
        assertThat(gate.check(KEY).allowed()).isTrue();

        // The async face: the change listeners are told before the caller's continuation runs.
        Verdict afterAsyncFreeze = client.async().freeze(KEY).thenCompose(done -> gate.checkAsync(KEY))
                .toCompletableFuture().join();
        assertThat(afterAsyncFreeze.allowed()).isFalse();
    }

    @Test
    void aPassThisClientRevokedIsNotAllowedImmediately() {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate gate = built(gate());
        assertThat(gate.check(KEY).allowed()).isTrue();

        client.revoke(KEY);

        assertThat(gate.check(KEY).allowed()).isFalse();
        fake.clock().advance(CONFIRMATION.plus(Duration.ofSeconds(5)));
        assertThat(gate.check(KEY).kind()).isEqualTo(Verdict.Kind.REVOKED);
    }

    @Test
    void aPassThisClientExpiredIsExpiredTheMomentTheGatesClockReachesTheExpiry() {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate gate = built(gate());
        client.expireAt(KEY, fake.clock().instant().plusSeconds(30));
        assertThat(gate.check(KEY).kind()).isEqualTo(Verdict.Kind.ALLOWED);   // before the expiry
        int lookupsBefore = lookups();

        fake.clock().advance(Duration.ofSeconds(30));

        assertThat(gate.check(KEY).kind()).isEqualTo(Verdict.Kind.EXPIRED);   // the cached verdict is judged again
        assertThat(lookups()).isEqualTo(lookupsBefore);
    }

    @Test
    void invalidateAllDropsEveryVerdictAndEveryExpiryThisClientSet() {
        PassKey other = PassKey.of(ChainNetwork.SEPOLIA, "0x" + "2".repeat(40));
        fake.seedPass(KEY, PassState.ACTIVE);
        fake.seedPass(other, PassState.ACTIVE);
        PassGate gate = built(gate());
        client.expireAt(KEY, fake.clock().instant().plusSeconds(30));
        assertThat(gate.check(KEY).allowed()).isTrue();
        assertThat(gate.check(other).allowed()).isTrue();
        int lookupsBefore = lookups();

        gate.invalidateAll();
        fake.reset();                                           // a new world, as between tests
        fake.seedPass(KEY, PassState.ACTIVE);
        fake.clock().advance(Duration.ofSeconds(30));           // past the expiry set before

        assertThat(lookupsBefore).isEqualTo(2);
        assertThat(gate.check(KEY).kind()).isEqualTo(Verdict.Kind.ALLOWED);    // expiry forgotten
        assertThat(gate.check(other).kind()).isEqualTo(Verdict.Kind.NOT_FOUND); // read again, not the cached ALLOWED
    }

    @Test
    void forceRefreshExpiresThePassForTheGateAfterItsLead() {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate gate = built(gate());
        assertThat(gate.check(KEY).allowed()).isTrue();

        client.forceRefresh(KEY);
        fake.clock().advance(CivicPassClient.FORCE_REFRESH_LEAD.plusSeconds(1));   // Civic keeps whole seconds

        assertThat(gate.check(KEY).kind()).isEqualTo(Verdict.Kind.EXPIRED);
    }

    @Test
    void aPassFrozenOrRevokedByAnotherPartyIsNotAllowedOnceTheTimeToLiveEnds() {
        PassKey second = PassKey.of(ChainNetwork.SEPOLIA, "0x" + "2".repeat(40));
        fake.seedPass(KEY, PassState.ACTIVE);
        fake.seedPass(second, PassState.ACTIVE);
        PassGate gate = built(gate());
        assertThat(gate.check(KEY).allowed()).isTrue();
        assertThat(gate.check(second).allowed()).isTrue();

        CivicPassClient other = otherParty();
        other.freeze(KEY);
        other.revoke(second);
        fake.clock().advance(ALLOWED_TTL);

        assertThat(gate.check(KEY).allowed()).isFalse();
        assertThat(gate.check(second).allowed()).isFalse();
        fake.clock().advance(Duration.ofSeconds(10));
        assertThat(gate.check(KEY).kind()).isEqualTo(Verdict.Kind.FROZEN);
        assertThat(gate.check(second).kind()).isEqualTo(Verdict.Kind.REVOKED);
    }

    @Test
    void aPassCivicReportsExpiredIsNotAllowedOnceTheTimeToLiveEnds() {
        String gatekeeperNetwork = fake.seedPass(KEY, PassState.ACTIVE).gatekeeperNetwork();
        PassGate gate = built(gate());
        assertThat(gate.check(KEY).allowed()).isTrue();

        // Expired by another party: Civic's documents name an EXPIRED status its state enum lacks.
        String expired = "{\"chain\":{\"type\":\"ethereum\",\"network\":\"sepolia\"},\"gatekeeperNetwork\":\""
                + gatekeeperNetwork + "\",\"walletAddress\":\"" + WALLET + "\",\"events\":[],\"id\":\"p-1\","
                + "\"onChainState\":\"EXPIRED\",\"state\":\"EXPIRED\"}";
        fake.inject(Fault.status(200).withBody(expired).withHeader("Content-Type", "application/json"), LOOKUPS, 100);
        fake.clock().advance(ALLOWED_TTL);

        Verdict verdict = gate.check(KEY);
        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.EXPIRED);
        assertThat(verdict.allowed()).isFalse();
    }

    @Test
    void notFoundBecomesAllowedWithinItsTimeToLiveOnceThePassConfirms() {
        PassGate gate = built(gate().timeToLive(Verdict.Kind.NOT_FOUND, Duration.ofSeconds(5)));
        otherParty().issue(KEY);                        // Civic shows it only once the chain confirms it

        assertThat(gate.check(KEY).kind()).isEqualTo(Verdict.Kind.NOT_FOUND);
        fake.clock().advance(CONFIRMATION);             // confirmed now
        assertThat(fake.pass(KEY)).hasValueSatisfying(p -> assertThat(p.isSettled()).isTrue());
        fake.clock().advance(Duration.ofSeconds(5).minus(CONFIRMATION));

        assertThat(gate.check(KEY).kind()).isEqualTo(Verdict.Kind.ALLOWED);
    }

    @Test
    void aPassThisClientIssuedIsLookedUpAgainAtOnce() {
        PassGate gate = built(gate().timeToLive(Verdict.Kind.NOT_FOUND, Duration.ofMinutes(10)));
        assertThat(gate.check(KEY).kind()).isEqualTo(Verdict.Kind.NOT_FOUND);

        client.issue(KEY);
        fake.clock().advance(CONFIRMATION);

        assertThat(gate.check(KEY).kind()).isEqualTo(Verdict.Kind.ALLOWED);
    }

    @Test
    void aPendingUnfreezeIsPendingUnlessTheBuilderAdmitsIt() {
        fake.seedPass(KEY, PassState.FROZEN);
        PassGate strict = built(gate());
        PassGate lenient = built(gate().allowPendingUnfreeze(true));

        client.unfreeze(KEY);

        assertThat(strict.check(KEY).kind()).isEqualTo(Verdict.Kind.PENDING);
        assertThat(lenient.check(KEY).kind()).isEqualTo(Verdict.Kind.ALLOWED);
    }

    @Test
    void aPendingFreezeIsPendingEvenWhenPendingUnfreezesAreAdmitted() {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate lenient = built(gate().allowPendingUnfreeze(true));

        client.freeze(KEY);

        assertThat(lenient.check(KEY).kind()).isEqualTo(Verdict.Kind.PENDING);
    }

    // ------------------------------------------------------------- single flight, refresh ahead

    @Test
    void twoHundredConcurrentCallersOfAnUncachedKeyCauseOneLookup() throws Exception {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate gate = built(gate());
        client.find(PassKey.of(ChainNetwork.SEPOLIA, "0x" + "3".repeat(40)));   // the token, fetched beforehand
        int before = lookups();
        transport.hold();

        List<CompletableFuture<Verdict>> verdicts = concurrently(200, () -> gate.checkAsync(KEY));
        transport.awaitArrivals(1);
        transport.release();

        for (CompletableFuture<Verdict> verdict : verdicts) {
            assertThat(verdict.get(20, TimeUnit.SECONDS).kind()).isEqualTo(Verdict.Kind.ALLOWED);
        }
        assertThat(lookups() - before).isEqualTo(1);
        assertThat(gate.stats().loads()).isEqualTo(1);
    }

    @Test
    void twoHundredConcurrentCallersOfAnExpiredVerdictCauseOneLookup() throws Exception {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate gate = built(gate().refreshAhead(Duration.ZERO));
        gate.check(KEY);
        fake.clock().advance(ALLOWED_TTL);
        transport.hold();

        List<CompletableFuture<Verdict>> verdicts = concurrently(200, () -> gate.checkAsync(KEY));
        transport.awaitArrivals(1);
        transport.release();

        for (CompletableFuture<Verdict> verdict : verdicts) {
            assertThat(verdict.get(20, TimeUnit.SECONDS).kind()).isEqualTo(Verdict.Kind.ALLOWED);
        }
        assertThat(lookups()).isEqualTo(2);
        assertThat(transport.unawaitedArrivals()).isZero();
    }

    @Test
    void refreshAheadKeepsServingWithoutAMiss() throws Exception {
        fake.seedPass(KEY, PassState.ACTIVE);
        CountDownLatch refreshed = new CountDownLatch(1);
        PassGate gate = built(gate().refreshAhead(Duration.ofSeconds(10)).listener(new GateListener() {
            @Override
            public void refreshed(Lookup event) {
                refreshed.countDown();
            }
        }));
        Verdict first = gate.check(KEY);
        fake.clock().advance(Duration.ofSeconds(55));        // within the last 10 s of its life
        transport.hold();

        CompletableFuture<Verdict> during = gate.checkAsync(KEY).toCompletableFuture();
        assertThat(during).isCompletedWithValue(first);      // served at once while Civic is asked
        transport.awaitArrivals(1);
        transport.release();
        assertThat(refreshed.await(20, TimeUnit.SECONDS)).isTrue();
        // The cache installs the refreshed verdict just after the lookup ends: wait for it to show.
        Verdict renewed = awaitServed(gate, verdict -> verdict.readAt().isAfter(first.readAt()));

        fake.clock().advance(Duration.ofSeconds(10));        // past the first verdict's time-to-live
        Verdict after = gate.check(KEY);
        assertThat(after).isSameAs(renewed);                 // served from the cache, no wait

        GateStats stats = gate.stats();
        assertThat(stats.misses()).isEqualTo(1);              // only the very first check waited
        assertThat(stats.refreshes()).isPositive();
        assertThat(lookups()).isEqualTo(1 + (int) stats.refreshes());
    }

    /** Checks until a check is answered at once with a verdict that matches; a condition, never a sleep. */
    private static Verdict awaitServed(PassGate gate, java.util.function.Predicate<Verdict> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Verdict served = gate.checkAsync(KEY).toCompletableFuture().getNow(null);
            if (served != null && condition.test(served)) {
                return served;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no matching verdict was served within 20 s");
    }

    @Test
    void aFreezeWhileARefreshIsInFlightIsNotUndoneByTheRefreshsAnswer() throws Exception {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate gate = built(gate().refreshAhead(Duration.ofSeconds(10)));
        gate.check(KEY);
        fake.clock().advance(Duration.ofSeconds(55));
        transport.hold();
        gate.checkAsync(KEY);                                 // starts a refresh; Civic answers ACTIVE
        transport.awaitArrivals(1);

        client.async().freeze(KEY).toCompletableFuture().join();   // the freeze's own response is not held
        fake.clock().advance(Duration.ofMillis(1));
        CompletableFuture<Verdict> afterFreeze = gate.checkAsync(KEY).toCompletableFuture();
        transport.awaitArrivals(1);
        transport.release();

        assertThat(afterFreeze.get(20, TimeUnit.SECONDS).allowed()).isFalse();
        assertThat(gate.check(KEY).allowed()).isFalse();
    }

    @Test
    void theAsyncFaceNeverBlocksTheCallersThread() throws Exception {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate gate = built(gate());
        client.find(PassKey.of(ChainNetwork.SEPOLIA, "0x" + "3".repeat(40)));   // the token, fetched beforehand
        transport.hold();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            CompletionStage<Verdict> stage = caller.submit(() -> gate.checkAsync(KEY)).get(20, TimeUnit.SECONDS);

            // The call returned while Civic's answer is still held: the caller's thread did not wait for it.
            assertThat(stage.toCompletableFuture()).isNotDone();
            transport.awaitArrivals(1);
            transport.release();
            assertThat(stage.toCompletableFuture().get(20, TimeUnit.SECONDS).allowed()).isTrue();
        } finally {
            caller.shutdownNow();
        }
    }

    // -------------------------------------------------------------------------- Civic failing

    @Test
    void theStaleIfErrorBoundHoldsAndThenEveryVerdictIsUnavailable() {
        fake.seedPass(KEY, PassState.ACTIVE);
        AtomicInteger staleEvents = new AtomicInteger();
        PassGate gate = built(gate().refreshAhead(Duration.ZERO).staleIfError(Duration.ofSeconds(30))
                .timeToLive(Verdict.Kind.UNAVAILABLE, Duration.ofSeconds(5))
                .listener(new GateListener() {
                    @Override
                    public void servedStale(StaleServe event) {
                        staleEvents.incrementAndGet();
                    }
                }));
        Verdict fresh = gate.check(KEY);
        fake.inject(Fault.status(503), LOOKUPS, 10_000);

        fake.clock().advance(ALLOWED_TTL);                    // the verdict's life ends; Civic fails
        Verdict stale = gate.check(KEY);
        assertThat(stale.kind()).isEqualTo(Verdict.Kind.ALLOWED);
        assertThat(stale.stale()).isTrue();
        assertThat(stale.readAt()).isEqualTo(fresh.readAt());

        fake.clock().advance(Duration.ofSeconds(29));         // 29 s past: still within the bound
        assertThat(gate.check(KEY).stale()).isTrue();
        assertThat(gate.check(KEY).allowed()).isTrue();

        fake.clock().advance(Duration.ofSeconds(1));          // 30 s past: the bound
        Verdict after = gate.check(KEY);
        assertThat(after.kind()).isEqualTo(Verdict.Kind.UNAVAILABLE);
        assertThat(after.allowed()).isFalse();
        for (int i = 0; i < 3; i++) {
            fake.clock().advance(Duration.ofSeconds(5));
            assertThat(gate.check(KEY).kind()).isEqualTo(Verdict.Kind.UNAVAILABLE);
        }
        assertThat(staleEvents.get()).isEqualTo(gate.stats().staleServes()).isEqualTo(3);
        assertThat(gate.stats().loadFailures()).isGreaterThanOrEqualTo(2);

        fake.clearFaults();
        fake.clock().advance(Duration.ofSeconds(5));
        assertThat(gate.check(KEY).kind()).isEqualTo(Verdict.Kind.ALLOWED);
    }

    @Test
    void withoutStaleIfErrorAFailingLookupIsUnavailableAndDenies() {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate gate = built(gate());
        fake.inject(Fault.status(503), LOOKUPS, 10_000);

        Verdict verdict = gate.check(KEY);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.UNAVAILABLE);
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.pass()).isEmpty();
    }

    @Test
    void failOpenAdmitsWhileCivicCannotBeAskedAndSaysSo() {
        fake.seedPass(KEY, PassState.FROZEN);
        PassGate gate = built(gate().failOpen(true));
        fake.inject(Fault.status(503), LOOKUPS, 10_000);

        Verdict verdict = gate.check(KEY);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.UNAVAILABLE);
        assertThat(verdict.failedOpen()).isTrue();
        assertThat(verdict.allowed()).isTrue();
    }

    // ---------------------------------------------------------------------------- the rest

    @Test
    void theListenerIsToldOfLoadsButNotOfHits() {
        fake.seedPass(KEY, PassState.ACTIVE);
        List<GateListener.Lookup> loads = new ArrayList<>();
        PassGate gate = built(gate().listener(new GateListener() {
            @Override
            public void loaded(Lookup event) {
                loads.add(event);
            }
        }));

        gate.check(KEY);
        gate.check(KEY);
        gate.check(KEY);

        assertThat(loads).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(Verdict.Kind.ALLOWED);
            assertThat(event.elapsed().isNegative()).isFalse();
        });
    }

    @Test
    void closingTheGateStopsItsChecksAndLeavesTheClientOpen() {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate gate = gate().build();
        gate.check(KEY);

        gate.close();
        gate.close();

        assertThatIllegalStateException().isThrownBy(() -> gate.check(KEY));
        assertThatIllegalStateException().isThrownBy(() -> gate.checkAsync(KEY));
        client.freeze(KEY);                                   // the client works, and tells no closed gate
        assertThat(gate.stats().size()).isZero();
    }

    @Test
    void theBuilderRefusesBadSettingsNamingThem() {
        PassGate.Builder builder = PassGate.builder(client);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maximumSize(0)).withMessageContaining("maximumSize");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.timeToLive(Verdict.Kind.ALLOWED, Duration.ofSeconds(-1)))
                .withMessageContaining("timeToLive");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.staleIfError(Duration.ofSeconds(-1)))
                .withMessageContaining("staleIfError");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.refreshAhead(Duration.ofSeconds(-1)))
                .withMessageContaining("refreshAhead");
        assertThatNullPointerException().isThrownBy(() -> builder.clock(null)).withMessage("clock == null");
        assertThatNullPointerException().isThrownBy(() -> builder.timeToLive(null, Duration.ZERO)).withMessage("kind == null");
        assertThatNullPointerException().isThrownBy(() -> PassGate.builder((CivicPassClient) null)).withMessage("client == null");
        PassGate gate = built(gate());
        assertThatNullPointerException().isThrownBy(() -> gate.check(null)).withMessage("key == null");
    }

    @Test
    void verdictsShowNoWalletInTheirText() {
        fake.seedPass(KEY, PassState.ACTIVE);
        PassGate gate = built(gate());

        assertThat(gate.check(KEY).toString()).doesNotContainIgnoringCase(WALLET.substring(2));
        assertThat(gate.toString()).doesNotContainIgnoringCase(WALLET.substring(2));
    }

    /** Calls {@code check} from {@code count} threads released together. */
    private static List<CompletableFuture<Verdict>> concurrently(int count, java.util.function.Supplier<CompletionStage<Verdict>> check)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch called = new CountDownLatch(count);
        List<CompletableFuture<Verdict>> verdicts = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    verdicts.add(check.get().toCompletableFuture());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    called.countDown();
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        if (!called.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("the callers did not all return");
        }
        assertThat(verdicts).hasSize(count);
        return verdicts;
    }
}
