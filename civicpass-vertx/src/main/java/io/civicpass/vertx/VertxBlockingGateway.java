package io.civicpass.vertx;

import io.civicpass.internal.CivicPaths;
import io.civicpass.internal.Operation;
import io.civicpass.model.AccessToken;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiRequest;
import io.civicpass.port.PassGateway;

/**
 * The blocking face: each operation runs the non-blocking exchange and waits for it, off the
 * event loop only (on an event-loop thread it fails fast rather than deadlock).
 */
final class VertxBlockingGateway implements PassGateway {

    private final VertxAsyncGateway async;
    private final VertxExchanges exchanges;

    VertxBlockingGateway(VertxAsyncGateway async, VertxExchanges exchanges) {
        this.async = async;
        this.exchanges = exchanges;
    }

    @Override
    public Pass retrieve(AccessToken token, PassKey key) {
        VertxExchanges.requireBlockingAllowed("PassGateway.retrieve");
        return exchanges.callBlocking(() -> async.retrieve(token, key), Operation.RETRIEVE, CivicPaths.pass(key));
    }

    @Override
    public Pass issue(AccessToken token, PassKey key) {
        VertxExchanges.requireBlockingAllowed("PassGateway.issue");
        return exchanges.callBlocking(() -> async.issue(token, key), Operation.ISSUE, CivicPaths.issue(key));
    }

    @Override
    public void update(AccessToken token, PassKey key, PassUpdate update) {
        VertxExchanges.requireBlockingAllowed("PassGateway.update");
        exchanges.callBlocking(() -> async.update(token, key, update), Operation.UPDATE, CivicPaths.pass(key));
    }

    @Override
    public void revoke(AccessToken token, PassKey key) {
        VertxExchanges.requireBlockingAllowed("PassGateway.revoke");
        exchanges.callBlocking(() -> async.revoke(token, key), Operation.REVOKE, CivicPaths.pass(key));
    }

    @Override
    public Page<Pass> list(AccessToken token, PassQuery query) {
        VertxExchanges.requireBlockingAllowed("PassGateway.list");
        return exchanges.callBlocking(() -> async.list(token, query), Operation.LIST, CivicPaths.passes());
    }

    @Override
    public PiiRequest pii(AccessToken token, String requestId) {
        VertxExchanges.requireBlockingAllowed("PassGateway.pii");
        return exchanges.callBlocking(() -> async.pii(token, requestId), Operation.PII, CivicPaths.pii(requestId));
    }

    @Override
    public void decide(AccessToken token, String requestId, PiiDecision decision) {
        VertxExchanges.requireBlockingAllowed("PassGateway.decide");
        exchanges.callBlocking(() -> async.decide(token, requestId, decision), Operation.DECIDE, CivicPaths.piiStatus(requestId));
    }

    @Override
    public Evidence download(AccessToken token, String path) {
        VertxExchanges.requireBlockingAllowed("PassGateway.download");
        return exchanges.callBlocking(() -> async.download(token, path), Operation.EVIDENCE, path);
    }
}
