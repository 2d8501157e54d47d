package io.civicpass.testkit;

import io.civicpass.spi.Transport;
import io.civicpass.testkit.tck.TransportContract;

/**
 * The transport contract over real sockets: the fake's HTTP face and a plain socket transport.
 * The socket transport speaks plain HTTP to its host only, so the {@code Proxy} and {@code Tls}
 * groups check that it leaves those settings alone; the transports that build real HTTP clients
 * run them in full.
 */
class HttpContractTest extends TransportContract {

    @Override
    protected Transport createTransport() {
        return new SocketTransport();
    }

    @Override
    protected boolean appliesProxyAndTlsSettings() {
        return false;
    }
}
