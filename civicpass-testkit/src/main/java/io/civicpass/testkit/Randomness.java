package io.civicpass.testkit;

import java.security.SecureRandom;

/**
 * The fake's source of randomness for pass ids, transactions and token signatures: one
 * {@link SecureRandom} for every fake in the JVM, made on first use, since making one costs a
 * fresh JVM tens of milliseconds a launch spends better on answering its first request. (On the
 * usual platforms every default instance draws from the same system source anyway.) Thread-safe.
 */
final class Randomness {

    private Randomness() {
    }

    /** Fills the array with random bytes. */
    static void nextBytes(byte[] bytes) {
        Holder.RANDOM.nextBytes(bytes);
    }

    /** Made on first use (the holder's class initialisation makes that thread-safe, and once). */
    private static final class Holder {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
