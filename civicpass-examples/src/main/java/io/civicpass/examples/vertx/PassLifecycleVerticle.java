package io.civicpass.examples.vertx;

import io.civicpass.CivicPassConfig;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.vertx.VertxCivicPass;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;

/**
 * The quickstart's flow on the Vert.x {@code Future} face, in a verticle: send it
 * {@code {"wallet": "0x...", "piiRequestId": "..."}} (the PII request optional) at
 * {@link #ADDRESS} and it issues a pass on Sepolia, waits for the chain, freezes, unfreezes,
 * forces a refresh, lists, revokes and reviews the PII request, then replies
 * {@code {"steps": [...]}}, one line per step with the pass's {@code state} and
 * {@code onChainState}. Every wait is a Vert.x timer: nothing blocks the event loop. A failed
 * step fails the message with its error (code 400 for a bad request, 500 otherwise).
 */
// README:begin verticle
public class PassLifecycleVerticle extends AbstractVerticle {

    /** The event-bus address the verticle serves. */
    public static final String ADDRESS = "civicpass.pass-lifecycle";

    /** Civic may take minutes to confirm on chain. */
    private static final Duration CONFIRMATION = Duration.ofMinutes(5);

    private final CivicPassConfig config;
    private VertxCivicPass civic;

    /**
     * A verticle that reaches Civic with a configuration.
     *
     * @param config where and how to reach Civic, for example {@code CivicPassConfig.fromEnvironment()}
     */
    public PassLifecycleVerticle(CivicPassConfig config) {
        this.config = Objects.requireNonNull(config, "config == null");
    }

    @Override
    public void start() {
        civic = VertxCivicPass.create(vertx, config);      // on this verticle's Vertx; results on its context
        vertx.eventBus().<JsonObject>consumer(ADDRESS, this::handle);
    }

    private void handle(Message<JsonObject> request) {
        PassKey key;
        try {
            key = PassKey.of(ChainNetwork.SEPOLIA, request.body().getString("wallet"));
        } catch (RuntimeException badWallet) {              // refused before anything is sent
            request.fail(400, badWallet.getMessage());
            return;
        }
        String piiRequestId = request.body().getString("piiRequestId");
        JsonArray steps = new JsonArray();
        civic.issue(key)
                .map(issued -> told(steps, "issue", issued))   // accepted: Civic shows it once confirmed
                .compose(told -> civic.awaitConfirmed(key, CONFIRMATION))
                .map(confirmed -> told(steps, "await confirmation", confirmed))
                .compose(told -> civic.freeze(key))
                .compose(sent -> civic.awaitConfirmed(key, CONFIRMATION))
                .map(frozen -> told(steps, "freeze", frozen))
                .compose(told -> civic.unfreeze(key))
                .compose(sent -> civic.awaitConfirmed(key, CONFIRMATION))
                .map(active -> told(steps, "unfreeze", active))
                .compose(told -> civic.forceRefresh(key))      // expiry a few seconds ahead
                .compose(sent -> civic.awaitConfirmed(key, CONFIRMATION))
                .map(refreshed -> told(steps, "force refresh", refreshed))
                .compose(told -> civic.list(PassQuery.all().withState(PassState.ACTIVE).withWallet(key.wallet())))
                .map(page -> steps.add("list ACTIVE of wallet: " + page.items().size() + " pass(es)"))
                .compose(told -> civic.revoke(key))            // final for this wallet and network
                .compose(sent -> civic.awaitConfirmed(key, CONFIRMATION))
                .map(revoked -> told(steps, "revoke", revoked))
                .compose(told -> piiRequestId == null ? Future.succeededFuture(steps) : review(piiRequestId, steps))
                .onSuccess(done -> request.reply(new JsonObject().put("steps", steps)))
                .onFailure(failure -> request.fail(500, failure.getMessage()));
    }

    private Future<JsonArray> review(String piiRequestId, JsonArray steps) {
        return civic.pii(piiRequestId)                      // personal data: never log it
                .compose(pii -> {
                    steps.add("read PII request: " + pii.status() + ", " + pii.evidenceLinks().size() + " evidence item(s)");
                    return pii.evidenceLinks().isEmpty() ? Future.succeededFuture(steps)
                            : civic.evidence(pii.evidenceLinks().get(0))
                                    .map(evidence -> steps.add("download evidence: " + evidence.contentType()));
                })
                .compose(told -> civic.approvePii(piiRequestId))
                .map(approved -> steps.add("approve PII"));
    }

    @Override
    public void stop() {
        civic.close();                                      // the client, not this verticle's Vertx
    }

    private static JsonArray told(JsonArray steps, String name, Pass pass) {
        return steps.add(name + ": state=" + pass.state() + " onChainState="
                + pass.knownOnChainState().map(PassState::value).orElse("?"));
    }
}
// README:end verticle
