package io.civicpass.vertx;

import io.civicpass.CivicPassConfig;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import java.time.Duration;

/**
 * A verticle using Civic Pass the Vert.x way: it issues a pass when deployed, waits (without
 * blocking) for the issuance to confirm, since Civic shows a new pass only then, looks it up,
 * and publishes the pass's state on the event bus. Nothing blocks its event loop.
 */
public class ExamplePassVerticle extends AbstractVerticle {

    /** The event-bus address the looked-up state is published on. */
    public static final String ADDRESS = "civicpass.pass-state";

    private final CivicPassConfig config;
    private final PassKey key;
    private VertxCivicPass civic;

    /**
     * @param config where and how to reach Civic, for example {@code CivicPassConfig.fromEnvironment()}
     * @param key    the pass to issue
     */
    public ExamplePassVerticle(CivicPassConfig config, PassKey key) {
        this.config = config;
        this.key = key;
    }

    @Override
    public void start(Promise<Void> started) {
        civic = VertxCivicPass.create(vertx, config); // runs on this verticle's Vertx
        civic.issue(key)
                .compose(issued -> civic.awaitConfirmed(key, Duration.ofMinutes(2)))
                .compose(confirmed -> civic.find(key))
                .onSuccess(found -> vertx.eventBus().publish(ADDRESS,
                        found.map(Pass::state).map(PassState::value).orElse("NOT_VISIBLE_YET")))
                .<Void>mapEmpty()
                .onComplete(started);
    }

    @Override
    public void stop() {
        civic.close();
    }
}
