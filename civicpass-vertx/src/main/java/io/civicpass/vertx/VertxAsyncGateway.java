package io.civicpass.vertx;

import io.civicpass.internal.CivicJson;
import io.civicpass.internal.CivicPaths;
import io.civicpass.internal.CivicResponses;
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
import io.civicpass.port.AsyncPassGateway;
import io.civicpass.port.TransportContext;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** The gateway operations as single non-blocking exchanges. */
final class VertxAsyncGateway implements AsyncPassGateway {

    private final TransportContext context;
    private final VertxExchanges exchanges;

    VertxAsyncGateway(TransportContext context, VertxExchanges exchanges) {
        this.context = context;
        this.exchanges = exchanges;
    }

    @Override
    public CompletionStage<Pass> retrieve(AccessToken token, PassKey key) {
        return decoded(Operation.RETRIEVE, CivicPaths.pass(key), token, null, CivicJson::readPass);
    }

    @Override
    public CompletionStage<Pass> issue(AccessToken token, PassKey key) {
        return decoded(Operation.ISSUE, CivicPaths.issue(key), token, CivicJson.issueBody(key.wallet()), CivicJson::readPass);
    }

    @Override
    public CompletionStage<Void> update(AccessToken token, PassKey key, PassUpdate update) {
        return checked(Operation.UPDATE, CivicPaths.pass(key), token, CivicJson.updateBody(update));
    }

    @Override
    public CompletionStage<Void> revoke(AccessToken token, PassKey key) {
        return checked(Operation.REVOKE, CivicPaths.pass(key), token, null);
    }

    @Override
    public CompletionStage<Page<Pass>> list(AccessToken token, PassQuery query) {
        return decoded(Operation.LIST, CivicPaths.passes(), token, CivicJson.listBody(query),
                body -> new Page<>(CivicJson.readPassList(body), query));
    }

    @Override
    public CompletionStage<PiiRequest> pii(AccessToken token, String requestId) {
        return decoded(Operation.PII, CivicPaths.pii(requestId), token, null, body -> CivicJson.readPii(body, requestId));
    }

    @Override
    public CompletionStage<Void> decide(AccessToken token, String requestId, PiiDecision decision) {
        return checked(Operation.DECIDE, CivicPaths.piiStatus(requestId), token, CivicJson.decisionBody(decision));
    }

    @Override
    public CompletionStage<Evidence> download(AccessToken token, String path) {
        Operation operation = Operation.EVIDENCE;
        return exchanges.exchange(operation, path, context.apiUrl(path), token.authorizationHeader(), null, null,
                (status, headers, body) -> CivicResponses.read(operation, path, status, headers, body, now(),
                        bytes -> new Evidence(headers.apply("Content-Type"), bytes)));
    }

    private <T> CompletionStage<T> decoded(Operation operation, String path, AccessToken token, byte[] body,
                                           Function<byte[], T> decoder) {
        return exchanges.exchange(operation, path, context.apiUrl(path), token.authorizationHeader(),
                body == null ? null : CivicJson.JSON, body,
                (status, headers, received) -> CivicResponses.read(operation, path, status, headers, received, now(), decoder));
    }

    private CompletionStage<Void> checked(Operation operation, String path, AccessToken token, byte[] body) {
        return exchanges.exchange(operation, path, context.apiUrl(path), token.authorizationHeader(),
                body == null ? null : CivicJson.JSON, body,
                (status, headers, received) -> {
                    CivicResponses.expectSuccess(operation, path, status, headers, received, now());
                    return null;
                });
    }

    private Instant now() {
        return context.clock().instant();
    }
}
