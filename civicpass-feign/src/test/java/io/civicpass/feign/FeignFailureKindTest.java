package io.civicpass.feign;

import io.civicpass.okhttp.testing.FailureKindContract;
import io.civicpass.spi.Transport;

/** civicpass-okhttp's failure kinds through the Feign transport's default OkHttp client, on both faces. */
class FeignFailureKindTest extends FailureKindContract {

    @Override
    protected Transport transport() {
        return FeignTransport.create();
    }
}
