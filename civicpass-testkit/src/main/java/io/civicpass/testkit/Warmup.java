package io.civicpass.testkit;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every fake in a JVM shares and builds once: Jackson's mapper (with the serializers and
 * deserializers of its trees), Civic's contract read with it, and the random sources. Building
 * them takes a fresh JVM several hundred milliseconds, most of it loading Jackson's classes.
 *
 * <p>An in-process fake builds them before it listens, as it always has. The standalone server
 * builds them on a thread of their own once it listens, so it answers sooner after launch: each
 * part is built once, by whichever thread needs it first, and a request that needs a part still
 * being built waits for that part only (class initialisation guarantees both). A request that
 * needs none of them (a refusal for a missing token, say) does not wait at all.
 */
final class Warmup {

    private static final AtomicBoolean STARTED_IN_BACKGROUND = new AtomicBoolean();

    private Warmup() {
    }

    /** Builds the shared parts now, on this thread. */
    static void now() {
        RequestChecker.civic(); // the mapper, and the contract it reads
        JsonWriter.bytes(JsonWriter.mapper().createObjectNode().put("warm", true)); // finds the tree serializers
        Randomness.nextBytes(new byte[1]);
        UUID.randomUUID(); // the JDK's own random source of the token ids
    }

    /** Builds the shared parts on a daemon thread, once per JVM; returns at once. */
    static void inBackground() {
        if (STARTED_IN_BACKGROUND.compareAndSet(false, true)) {
            Thread thread = new Thread(Warmup::now, "fake-civic-warmup");
            thread.setDaemon(true);
            thread.start();
        }
    }
}
