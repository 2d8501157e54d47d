package io.civicpass.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Proves the capture the burst test relies on: when an event loop really is blocked, the
 * checker's warning reaches {@link BlockedThreadWarnings}. Without this, "no warning" could
 * mean "not listening".
 */
class BlockedThreadWarningsTest {

    @Test
    void seesTheCheckersWarningWhenAnEventLoopIsBlocked() throws Exception {
        Vertx vertx = TestContexts.watchedVertx();
        try (BlockedThreadWarnings warnings = BlockedThreadWarnings.install()) {
            try {
                CompletableFuture<Void> released = new CompletableFuture<>();
                vertx.runOnContext(ignored -> {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * TestContexts.EVENT_LOOP_LIMIT_MILLIS);
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait(); // hold the event loop well past the checker's limit
                    }
                    released.complete(null);
                });
                assertThat(warnings.awaitFirst(10, TimeUnit.SECONDS)).as("a blocked-thread warning").isTrue();
                released.get(10, TimeUnit.SECONDS);
                assertThat(warnings.warnings()).anySatisfy(message -> assertThat(message).contains("blocked"));
            } finally {
                // Closed while the capture still listens: the checker may warn once more while the
                // handler returns, and its warning belongs to the test, not to the build's log.
                TestContexts.close(vertx);
            }
        }
    }
}
