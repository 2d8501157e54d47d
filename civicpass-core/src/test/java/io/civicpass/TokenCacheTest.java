package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.error.AuthenticationException;
import io.civicpass.model.AccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
        CountDownLatch started = new CountDownLatch(32);
        for (int i = 0; i < 32; i++) {
            results.add(pool.submit(() -> {
                started.countDown();
                return cache.fetch();
            }));
        }
        started.await(5, TimeUnit.SECONDS);
        Thread.sleep(100); // let the callers pile up behind the one request
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
        Future<AccessToken> sync = pool.submit(() -> cache.fetch());
        Thread.sleep(100);
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (cache.fetch().equals(first) && System.nanoTime() < deadline) {
            Thread.sleep(10); // the background refresh publishes asynchronously
        }
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
        Thread.sleep(50);
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
}
