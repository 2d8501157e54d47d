package io.civicpass.testkit.tck;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The contract suite's one wait on a condition another thread brings about. The suite is main
 * code of the testkit, which brings nothing beyond core to a consumer's test classpath, so it
 * has this instead of a waiting library.
 */
final class Waits {

    /** How often the condition is looked at. */
    private static final Duration POLL = Duration.ofMillis(5);

    private Waits() {
    }

    /**
     * Waits until {@code condition} holds, at most {@code bound}.
     *
     * @param bound     the longest wait
     * @param condition what must come true
     * @return whether it did within the bound
     */
    static boolean until(Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                // The poll interval: it only spaces the looks at the condition, so it cannot
                // race; the condition decides.
                Thread.sleep(Math.max(1, Math.min(POLL.toMillis(), left / 1_000_000)));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting", interrupted);
            }
        }
        return true;
    }
}
