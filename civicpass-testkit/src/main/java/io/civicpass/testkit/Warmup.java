package io.civicpass.testkit;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * What every fake in a JVM shares and builds once: Jackson's mapper (with the serializers and
 * deserializers of its trees), Civic's contract read with it, the route table built from that
 * contract (which fails here, at start, when a route has no handler or no scope), and the
 * random sources. Building
 * them takes a fresh JVM a few hundred milliseconds, most of it loading Jackson's classes.
 *
 * <p>An in-process fake builds them before it listens, as it always has. The standalone server
 * listens first and builds them on a thread of their own, so it answers sooner after launch:
 * each part is built once, by whichever thread needs it first, and a request that needs a part
 * still being built waits for that part only (class initialisation guarantees both). A request
 * that needs none of them, such as a refusal for a missing token, does not wait at all.
 */
final class Warmup {

    private Warmup() {
    }

    /** Builds the shared parts now, on this thread. */
    static void now() {
        RequestChecker.civic(); // the mapper, and the contract it reads
        RouteTable.civic(); // the routes, checked against the rooms' handlers
        JsonWriter.bytes(JsonWriter.mapper().createObjectNode().put("warm", true)); // finds the tree serializers
        Randomness.nextBytes(new byte[1]);
        UUID.randomUUID(); // the JDK's own random source, of the token ids
    }

    /**
     * Builds the shared parts on a daemon thread; returns at once.
     *
     * @param onFailure told what went wrong when they cannot be built
     */
    static void inBackground(Consumer<Throwable> onFailure) {
        Thread thread = new Thread(() -> {
            try {
                now();
            } catch (Throwable failure) {
                onFailure.accept(failure);
            }
        }, "fake-civic-warmup");
        thread.setDaemon(true);
        thread.start();
    }
}
