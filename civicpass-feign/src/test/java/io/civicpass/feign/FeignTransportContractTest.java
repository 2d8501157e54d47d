package io.civicpass.feign;

import feign.Logger;
import io.civicpass.spi.Transport;
import io.civicpass.testkit.tck.TransportContract;

/** The transport contract, run against the Feign transport with its defaults. */
class FeignTransportContractTest extends TransportContract {

    @Override
    protected Transport createTransport() {
        return FeignTransport.create();
    }

    /** Feign's most verbose logging, through {@code java.util.logging}. */
    @Override
    protected Transport createLoggingTransport() {
        return FeignTransport.builder()
                .logger(new Logger.JavaLogger(FeignTransportContractTest.class), Logger.Level.FULL)
                .build();
    }
}
