package io.civicpass.retrofit;

import io.civicpass.okhttp.testing.FailureKindContract;
import io.civicpass.spi.Transport;

/** civicpass-okhttp's failure kinds through the Retrofit transport's own OkHttp client, on both faces. */
class RetrofitFailureKindTest extends FailureKindContract {

    @Override
    protected Transport transport() {
        return RetrofitTransport.create();
    }
}
