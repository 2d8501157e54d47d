package io.civicpass.examples;

import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.vertx.VertxCivicPass;
import io.civicpass.vertx.VertxTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;

/**
 * The README's Vert.x examples: the blocking client over Vert.x from a plain thread, the
 * {@code Future} face on an application's {@code Vertx}, and a transport with Web Client options.
 * {@link io.civicpass.examples.vertx.PassLifecycleVerticle} runs the whole flow in a verticle.
 */
public final class VertxExamples {

    private VertxExamples() {
    }

    /**
     * Issues a pass and waits for the chain to confirm it, blocking, over the Vert.x Web Client.
     * Call it from an application thread or a worker, never from an event loop.
     *
     * @param config where and how to reach Civic
     * @param key    where to issue
     * @return the confirmed pass
     */
    // README:begin vertx-blocking
    public static Pass issueAndConfirm(CivicPassConfig config, PassKey key) {
        try (CivicPassClient civic = CivicPassClient.builder()
                .config(config)
                .transport(VertxTransport.create())      // starts its own Vertx, closed with the client
                .build()) {
            civic.issue(key);                                          // 202: accepted, not yet on chain
            return civic.awaitConfirmed(key, Duration.ofMinutes(2)); // polls until confirmed on chain
        }
    }
    // README:end vertx-blocking

    /**
     * Issues a pass on the application's {@code Vertx} and completes, on the caller's context,
     * once the chain confirmed it. Nothing blocks.
     *
     * @param vertx  the application's Vert.x
     * @param config where and how to reach Civic
     * @param key    where to issue
     * @return the confirmed pass, when it is
     */
    public static Future<Pass> issueAndConfirm(Vertx vertx, CivicPassConfig config, PassKey key) {
        // README:begin vertx-future
        VertxCivicPass civic = VertxCivicPass.create(vertx, config);   // one per application, on your Vertx
        Future<Pass> confirmed = civic.issue(key)
                .compose(issued -> civic.awaitConfirmed(key, Duration.ofMinutes(2)))   // on Vert.x timers
                .onComplete(done -> civic.close());                  // closes the client, never your Vertx
        // README:end vertx-future
        return confirmed;
    }

    /**
     * A Vert.x transport on the application's {@code Vertx}, with options for the Web Client it
     * creates.
     *
     * @param vertx the application's Vert.x; never closed by the transport
     * @return the transport
     */
    public static VertxTransport handOver(Vertx vertx) {
        // README:begin vertx-hand-over
        VertxTransport transport = VertxTransport.builder()
                .vertx(vertx)
                .webClientOptions(new WebClientOptions().setKeepAliveTimeout(30))   // redirects stay off
                .poolOptions(new PoolOptions().setMaxWaitQueueSize(1_000))          // the pool size follows the settings
                .build();
        // README:end vertx-hand-over
        return transport;
    }
}
