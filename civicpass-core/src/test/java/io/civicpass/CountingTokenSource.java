package io.civicpass;

import io.civicpass.error.AuthenticationException;
import io.civicpass.model.AccessToken;
import io.civicpass.port.TokenSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Issues numbered tokens and counts requests; can be held back or made to fail. */
final class CountingTokenSource implements TokenSource {

    final AtomicInteger requests = new AtomicInteger();
    private final Clock clock;
    private final Duration lifetime;
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile boolean refuse;

    CountingTokenSource(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    @Override
    public AccessToken fetch() {
        int number = requests.incrementAndGet();
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (refuse) {
            throw new AuthenticationException(401, "POST", "/oauth/token", "access_denied", null);
        }
        return new AccessToken("token-" + number, "Bearer", clock.instant().plus(lifetime), Set.of());
    }

    @Override
    public CompletionStage<AccessToken> fetchAsync() {
        return CompletableFuture.supplyAsync(this::fetch);
    }
}
