package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.civicpass.error.AuthenticationException;
import io.civicpass.model.AccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    final CountingTokenSource source = new CountingTokenSource(clock, Duration.ofSeconds(300));
    final TokenCache cache = new TokenCache(source, clock, Duration.ofSeconds(60), Duration.ofSeconds(5), "/oauth/token");
    final ExecutorService pool = Executors.newFixedThreadPool(32);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void reusesTheTokenUntilSkewBeforeExpiry() {
        AccessToken first = cache.fetch();
        clock.advance(Duration.ofSeconds(170)); // 130 s left: outside the refresh-ahead window
        assertThat(cache.fetch()).isSameAs(first);
        assertThat(source.requests).hasValue(1);
        clock.advance(Duration.ofSeconds(80)); // 50 s left: within the skew, spent
        assertThat(cache.fetch()).isNotSameAs(first);
        assertThat(source.requests).hasValue(2);
    }

    @Test
    void concurrentCallersOnAColdCacheCauseOneRequest() throws Exception {
        source.gate = new CountDownLatch(1);
        List<Future<AccessToken>> results = new ArrayList<>();
        Set<Thread> callers = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 32; i++) {
            results.add(pool.submit(() -> {
                callers.add(Thread.currentThread());
                return cache.fetch();
            }));
        }
        // The token source is held until all 32 callers are inside the cache, waiting: none can
        // be served a token another caller's request cached, so one request for all of them is
        // told from one request each.
        awaitWaitingInTheCache(callers, 32);
        source.gate.countDown();
        for (Future<AccessToken> result : results) {
            assertThat(result.get(5, TimeUnit.SECONDS).value()).isEqualTo("token-1");
        }
        assertThat(source.requests).hasValue(1);
    }

    @Test
    void asyncAndSyncCallersShareOneRequest() throws Exception {
        source.gate = new CountDownLatch(1);
        CompletableFuture<AccessToken> async = cache.fetchAsync().toCompletableFuture();
        Set<Thread> callers = ConcurrentHashMap.newKeySet();
        Future<AccessToken> sync = pool.submit(() -> {
            callers.add(Thread.currentThread());
            return cache.fetch();
        });
        awaitWaitingInTheCache(callers, 1);
        assertThat(async).as("the asynchronous caller waits for the held request").isNotDone();
        source.gate.countDown();
        assertThat(async.get(5, TimeUnit.SECONDS)).isEqualTo(sync.get(5, TimeUnit.SECONDS));
        assertThat(source.requests).hasValue(1);
    }

    @Test
    void refreshesAheadInTheBackgroundWhileCallersKeepTheValidToken() throws Exception {
        AccessToken first = cache.fetch();
        clock.advance(Duration.ofSeconds(200)); // 100 s left: inside 2x skew, still valid
        source.gate = new CountDownLatch(1);
        List<Future<AccessToken>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            results.add(pool.submit(() -> cache.fetch()));
        }
        for (Future<AccessToken> result : results) {
            assertThat(result.get(5, TimeUnit.SECONDS)).as("callers are not held by the refresh").isSameAs(first);
        }
        source.gate.countDown();
        // The background refresh publishes its token asynchronously.
        await().atMost(Duration.ofSeconds(5)).until(() -> !cache.fetch().equals(first));
        assertThat(source.requests).hasValue(2);
        assertThat(cache.fetch().value()).isEqualTo("token-2");
    }

    @Test
    void invalidateDropsOnlyTheRefusedToken() {
        AccessToken first = cache.fetch();
        cache.invalidate(first);
        AccessToken second = cache.fetch();
        assertThat(second).isNotEqualTo(first);
        cache.invalidate(first); // a late 401 for the old token
        assertThat(cache.fetch()).isSameAs(second);
        assertThat(source.requests).hasValue(2);
    }

    @Test
    void aFailureIsSharedByCallersOnItsHeelsWhileARetryTriesAgain() {
        source.refuse = true;
        assertThatThrownBy(cache::fetch).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> cache.fetchAsync().toCompletableFuture().join())
                .hasCauseInstanceOf(AuthenticationException.class);
        assertThat(source.requests).as("the second caller got the first failure").hasValue(1);
        source.refuse = false;
        assertThat(cache.fetch(Duration.ofSeconds(5), true).value()).as("a retrying attempt asks again")
                .isEqualTo("token-2");
        assertThat(cache.fetch().value()).isEqualTo("token-2");
    }

    @Test
    void manyCallersOnAFailingEndpointMakeOneRequest() throws Exception {
        source.refuse = true;
        source.gate = new CountDownLatch(1);
        List<Future<AccessToken>> callers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            callers.add(pool.submit(() -> cache.fetch()));
        }
        source.gate.countDown();
        for (Future<AccessToken> caller : callers) {
            assertThatThrownBy(() -> caller.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(AuthenticationException.class);
        }
        assertThat(source.requests).hasValue(1);
    }

    @Test
    void everyCallerGivesUpAtItsOwnLimitWhileTheOneRequestGoesOn() throws Exception {
        TokenCache impatient = new TokenCache(source, clock, Duration.ofSeconds(60), Duration.ofMillis(200), "/oauth/token");
        source.gate = new CountDownLatch(1);
        Future<AccessToken> winner = pool.submit(() -> impatient.fetch());
        await().atMost(Duration.ofSeconds(5)).until(() -> source.requests.get() == 1);
        assertThatThrownBy(impatient::fetch).isInstanceOf(io.civicpass.error.CivicTransportException.class)
                .hasMessageContaining("POST /oauth/token failed: timed out");
        assertThatThrownBy(() -> winner.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(io.civicpass.error.CivicTransportException.class);
        source.gate.countDown();
        assertThat(impatient.fetch().value()).as("the request that outlived its callers serves the next one")
                .isEqualTo("token-1");
        assertThat(source.requests).hasValue(1);
    }

    @Test
    void aCallerWaitsNoLongerThanItsDeadline() {
        source.gate = new CountDownLatch(1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> cache.fetch(Duration.ofMillis(100)))
                .isInstanceOf(io.civicpass.error.CivicTransportException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        source.gate.countDown();
    }

    @Test
    void tokenValidityRespectsTheMargin() {
        AccessToken token = new AccessToken("t", null, Instant.parse("2026-11-28T12:01:00Z"), Set.of());
        assertThat(token.type()).isEqualTo("Bearer");
        assertThat(token.isValidAt(Instant.parse("2026-11-28T11:59:59Z"), Duration.ofSeconds(60))).isTrue();
        assertThat(token.isValidAt(Instant.parse("2026-11-28T12:00:00Z"), Duration.ofSeconds(60))).isFalse();
    }

    /**
     * Waits until {@code count} caller threads are parked inside {@link TokenCache}, waiting for
     * a token: a thread's state and its stack prove it waits there, where a fixed sleep only
     * hopes so.
     */
    private static void awaitWaitingInTheCache(Set<Thread> callers, int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> callers.size() == count
                && callers.stream().allMatch(TokenCacheTest::waitsInTheCache));
    }

    private static boolean waitsInTheCache(Thread thread) {
        Thread.State state = thread.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return false;
        }
        return Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals(TokenCache.class.getName()));
    }
}
