package io.civicpass;

import java.time.Duration;

/** Blocks the calling thread for a while; replaced by a recording fake in tests. */
@FunctionalInterface
interface Sleeper {

    /** Sleeps with {@link Thread#sleep(long)}. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    /**
     * Sleeps.
     *
     * @param duration how long
     * @throws InterruptedException when interrupted
     */
    void sleep(Duration duration) throws InterruptedException;
}
