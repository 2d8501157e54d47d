package io.civicpass;

import io.civicpass.model.AccessToken;
import io.civicpass.port.ApiCall;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One exchange of an operation within a given time: what the retry runner needs of a gateway. */
interface Exchanges {

    <T> T execute(AccessToken token, ApiCall<T> call, Duration timeout);

    <T> CompletableFuture<T> executeAsync(AccessToken token, ApiCall<T> call, Duration timeout);

    /** As {@link #execute(AccessToken, ApiCall, Duration)}, telling {@code trace} of the response seen. */
    default <T> T execute(AccessToken token, ApiCall<T> call, Duration timeout, Telemetry.CallTrace trace) {
        return execute(token, call, timeout);
    }

    /** As {@link #executeAsync(AccessToken, ApiCall, Duration)}, telling {@code trace} of the response seen. */
    default <T> CompletableFuture<T> executeAsync(AccessToken token, ApiCall<T> call, Duration timeout,
                                                  Telemetry.CallTrace trace) {
        return executeAsync(token, call, timeout);
    }
}
