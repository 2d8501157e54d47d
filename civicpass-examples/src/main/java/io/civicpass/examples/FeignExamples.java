package io.civicpass.examples;

import feign.Logger;
import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.feign.FeignTransport;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** The README's Feign examples: the blocking and the non-blocking face, and handing over a Feign setup. */
public final class FeignExamples {

    private FeignExamples() {
    }

    /**
     * Issues a pass and waits for the chain to confirm it, blocking, over Feign.
     *
     * @param config where and how to reach Civic
     * @param key    where to issue
     * @return the confirmed pass
     */
    // README:begin feign-blocking
    public static Pass issueAndConfirm(CivicPassConfig config, PassKey key) {
        try (CivicPassClient civic = CivicPassClient.builder()
                .config(config)
                .transport(FeignTransport.create())                    // over an OkHttp client it owns
                .build()) {
            civic.issue(key);                                          // 202: accepted, not yet on chain
            return civic.awaitConfirmed(key, Duration.ofMinutes(2)); // polls until confirmed on chain
        }
    }
    // README:end feign-blocking

    /**
     * The non-blocking client over Feign: one per application, closed when it stops.
     *
     * @param config where and how to reach Civic
     * @return the client
     */
    public static CivicPassAsyncClient asyncClient(CivicPassConfig config) {
        // README:begin feign-async
        CivicPassAsyncClient civic = CivicPassClient.builder()
                .config(config)
                .transport(FeignTransport.create())   // OkHttp's dispatcher sends it
                .buildAsync();
        // README:end feign-async
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
        // README:begin feign-async
        CompletionStage<Pass> confirmed = civic.issue(key)
                .thenCompose(issued -> civic.awaitConfirmed(key, Duration.ofMinutes(2)));
        // README:end feign-async
        return confirmed;
    }

    /**
     * The two ways to a Feign transport: the default one, and one reusing parts of an
     * application's Feign setup (its OkHttp client, a logger, an interceptor).
     *
     * @param config       where and how to reach Civic
     * @param okHttpClient the application's OkHttp client; never closed by the transport
     * @return a client over the default transport, and the transport reusing the setup
     */
    public static Setup setup(CivicPassConfig config, okhttp3.OkHttpClient okHttpClient) {
        // README:begin feign-transport
        CivicPassClient client = CivicPassClient.builder()
                .config(config)
                .transport(FeignTransport.create())           // over an OkHttp client it owns
                .build();

        // or reuse parts of your Feign setup
        // README:begin feign-hand-over
        FeignTransport transport = FeignTransport.builder()
                // any feign.Client that can send PATCH, with its own retries off: the client's policy decides
                .client(new feign.okhttp.OkHttpClient(okHttpClient.newBuilder().retryOnConnectionFailure(false).build()))
                .logger(new Logger.JavaLogger("civic"), Logger.Level.HEADERS)   // never shows a token or secret
                .requestInterceptor(template -> template.header("X-Tenant", "acme"))
                .build();
        // README:end feign-hand-over
        // README:end feign-transport
        return new Setup(client, transport);
    }

    /**
     * What {@link #setup} built.
     *
     * @param client    a client over the default Feign transport; close it
     * @param transport a transport reusing an application's Feign setup
     */
    public record Setup(CivicPassClient client, FeignTransport transport) {
    }
}
