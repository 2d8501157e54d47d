package io.civicpass.testkit;

import io.civicpass.spi.Transport;
import io.civicpass.testkit.tck.TransportContract;

/** The transport contract over real sockets: the fake's HTTP face and a plain socket transport. */
class HttpContractTest extends TransportContract {

    @Override
    protected Transport createTransport() {
        return new SocketTransport();
    }
}
