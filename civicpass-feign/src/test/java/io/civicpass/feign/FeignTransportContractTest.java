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

    /**
     * OkHttp's task runner is one for the whole JVM ({@code TaskRunner.INSTANCE}): its threads
     * belong to no client and end on their own a minute after their last task, so one that ended
     * while the leak test warmed up is started again by the client measured. The threads a
     * client owns (its dispatcher's) still count.
     */
    @Override
    protected boolean sharedThread(Thread thread) {
        return thread.getName().equals("OkHttp TaskRunner");
    }
}
