package io.civicpass;

import io.civicpass.model.AccessToken;
import io.civicpass.port.ApiCall;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One exchange of an operation within a given time: what the retry runner needs of a gateway. */
interface Exchanges {

    <T> T execute(AccessToken token, ApiCall<T> call, Duration timeout);

    <T> CompletableFuture<T> executeAsync(AccessToken token, ApiCall<T> call, Duration timeout);
}
