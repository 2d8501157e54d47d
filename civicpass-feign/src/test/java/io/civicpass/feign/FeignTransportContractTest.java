package io.civicpass.feign;

import io.civicpass.spi.Transport;
import io.civicpass.testkit.tck.TransportContract;

/** The transport contract, run against the Feign transport with its defaults. */
class FeignTransportContractTest extends TransportContract {

    @Override
    protected Transport createTransport() {
        return FeignTransport.create();
    }
}
