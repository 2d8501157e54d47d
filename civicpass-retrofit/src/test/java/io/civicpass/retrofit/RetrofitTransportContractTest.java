package io.civicpass.retrofit;

import io.civicpass.spi.Transport;
import io.civicpass.testkit.tck.TransportContract;

/** The Retrofit transport against the transport contract shared by every transport. */
class RetrofitTransportContractTest extends TransportContract {

    @Override
    protected Transport createTransport() {
        return RetrofitTransport.create();
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
