package io.civicpass.testkit;

import io.civicpass.spi.Transport;
import io.civicpass.testkit.tck.TransportContract;

/** The transport contract, run against the fake's own in-memory face. */
class InMemoryContractTest extends TransportContract {

    @Override
    protected Transport createTransport() {
        return fake().inMemoryTransport();
    }
}
