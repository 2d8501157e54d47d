package io.civicpass.examples;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.retrofit.RetrofitTransport;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import okhttp3.OkHttpClient;

/** The README's Retrofit examples: the blocking and the non-blocking face, and sharing an OkHttpClient. */
public final class RetrofitExamples {

    private RetrofitExamples() {
    }

    /**
     * Issues a pass and waits for the chain to confirm it, blocking, over Retrofit and OkHttp.
     *
     * @param config where and how to reach Civic
     * @param key    where to issue
     * @return the confirmed pass
     */
    // README:begin retrofit-blocking
    public static Pass issueAndConfirm(CivicPassConfig config, PassKey key) {
        try (CivicPassClient civic = CivicPassClient.builder()
                .config(config)
                .transport(RetrofitTransport.create())   // its own OkHttpClient, shut down on close
                .build()) {
            civic.issue(key);                                          // 202: accepted, not yet on chain
            return civic.awaitConfirmed(key, Duration.ofMinutes(2)); // polls until confirmed on chain
        }
    }
    // README:end retrofit-blocking

    /**
     * The non-blocking client over Retrofit: one per application, closed when it stops.
     *
     * @param config where and how to reach Civic
     * @return the client
     */
    public static CivicPassAsyncClient asyncClient(CivicPassConfig config) {
        // README:begin retrofit-async
        CivicPassAsyncClient civic = CivicPassClient.builder()
                .config(config)
                .transport(RetrofitTransport.create())   // OkHttp's enqueue: no thread waits for a response
                .buildAsync();
        // README:end retrofit-async
        return civic;
    }

    /**
     * Issues a pass and completes once the chain confirmed it; no thread waits meanwhile.
     *
     * @param civic the non-blocking client
     * @param key   where to issue
     * @return the confirmed pass, when it is
     */
    public static CompletionStage<Pass> issueAndConfirm(CivicPassAsyncClient civic, PassKey key) {
        // README:begin retrofit-async
        CompletionStage<Pass> confirmed = civic.issue(key)
                .thenCompose(issued -> civic.awaitConfirmed(key, Duration.ofMinutes(2)));
        // README:end retrofit-async
        return confirmed;
    }

    /**
     * The two ways to a Retrofit transport: one with its own OkHttpClient, and one sharing the
     * application's (its pool, dispatcher, interceptors and event listener).
     *
     * @param config             where and how to reach Civic
     * @param sharedOkHttpClient the application's client; never changed or closed by the transport
     * @return a blocking client over its own OkHttpClient, and a non-blocking one over the shared one
     */
    public static Setup setup(CivicPassConfig config, OkHttpClient sharedOkHttpClient) {
        // README:begin retrofit-transport
        // its own OkHttpClient, shut down when the client closes
        CivicPassClient client = CivicPassClient.builder().config(config).transport(RetrofitTransport.create()).build();

        // or share your application's OkHttpClient: pool, dispatcher, interceptors, event listener
        // README:begin retrofit-hand-over
        RetrofitTransport transport = RetrofitTransport.builder()
                .okHttpClient(sharedOkHttpClient)
                .keepClientTimeouts(false)        // true keeps sharedOkHttpClient's own timeouts
                .build();
        CivicPassAsyncClient async = CivicPassClient.builder().config(config).transport(transport).buildAsync();
        // README:end retrofit-hand-over
        // README:end retrofit-transport
        return new Setup(client, async);
    }

    /**
     * What {@link #setup} built; close both.
     *
     * @param client a blocking client over the transport's own OkHttpClient
     * @param async  a non-blocking client over the shared OkHttpClient
     */
    public record Setup(CivicPassClient client, CivicPassAsyncClient async) {
    }
}
