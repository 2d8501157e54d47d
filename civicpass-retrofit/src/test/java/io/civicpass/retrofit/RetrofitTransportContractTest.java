package io.civicpass.retrofit;

import io.civicpass.spi.Transport;
import io.civicpass.testkit.tck.TransportContract;

/** The Retrofit transport against the transport contract shared by every transport. */
class RetrofitTransportContractTest extends TransportContract {

    @Override
    protected Transport createTransport() {
        return RetrofitTransport.create();
    }
}
