package io.civicpass.testkit;

import io.civicpass.spi.Transport;
import io.civicpass.testkit.tck.TransportContract;

/** The transport contract, run against the fake's own in-memory face. */
class InMemoryContractTest extends TransportContract {

    @Override
    protected Transport createTransport() {
        return fake().inMemoryTransport();
    }

    /** Nothing goes over a network, so there is no proxy to go through and no TLS. */
    @Override
    protected boolean appliesProxyAndTlsSettings() {
        return false;
    }
}
