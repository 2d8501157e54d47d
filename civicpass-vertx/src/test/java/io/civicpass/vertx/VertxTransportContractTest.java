package io.civicpass.vertx;

import io.civicpass.spi.Transport;
import io.civicpass.testkit.tck.TransportContract;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The transport contract, on one Vert.x instance shared by the suite's clients. */
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

    /** The event loops and worker threads of the suite's Vert.x instance outlive every client. */
    @Override
    protected boolean sharedThread(Thread thread) {
        return thread.getName().startsWith("vert.x-");
    }
}
