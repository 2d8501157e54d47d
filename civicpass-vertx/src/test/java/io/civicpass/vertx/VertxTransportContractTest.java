package io.civicpass.vertx;

import io.civicpass.spi.Transport;
import io.civicpass.testkit.tck.AdaptedFace;
import io.civicpass.testkit.tck.TransportContract;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The transport contract, on one Vert.x instance shared by the suite's clients, through the
 * blocking client, the non-blocking client and {@link VertxCivicPass}'s Vert.x futures.
 */
class VertxTransportContractTest extends TransportContract {

    private Vertx vertx;

    @BeforeAll
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    void closeVertx() throws Exception {
        TestContexts.close(vertx);
    }

    @Override
    protected Transport createTransport() {
        return VertxTransport.create(vertx);
    }

    /**
     * {@link VertxCivicPass}, called on an event loop. The suite's tests of features the face does
     * not have are not run on it, by construction: a Vert.x {@code Future} cannot be cancelled, and
     * the face offers no per-call options, streams or iterators (its users reach those through
     * {@link VertxCivicPass#asyncClient()}, which the non-blocking runs cover).
     */
    @Override
    protected Optional<AdaptedFace> adaptedFace() {
        return Optional.of(new VertxFutureFace(vertx));
    }

    /** The event loops and worker threads of the suite's Vert.x instance outlive every client. */
    @Override
    protected boolean sharedThread(Thread thread) {
        return thread.getName().startsWith("vert.x-");
    }
}
