package io.civicpass.vertx;

import io.civicpass.internal.CivicJson;
import io.civicpass.internal.CivicResponses;
import io.civicpass.internal.Operation;
import io.civicpass.internal.TokenRequest;
import io.civicpass.model.AccessToken;
import io.civicpass.port.TokenSource;
import io.civicpass.port.TransportContext;
import java.util.concurrent.CompletionStage;

/** One client-credentials token request per call, non-blocking; the client caches. */
final class VertxTokenSource implements TokenSource {

    private final TransportContext context;
    private final VertxExchanges exchanges;

    VertxTokenSource(TransportContext context, VertxExchanges exchanges) {
        this.context = context;
        this.exchanges = exchanges;
    }

    @Override
    public AccessToken fetch() {
        VertxExchanges.requireBlockingAllowed("TokenSource.fetch");
        TokenRequest request = TokenRequest.of(context);
        return exchanges.callBlocking(() -> send(request), Operation.TOKEN, request.path());
    }

    @Override
    public CompletionStage<AccessToken> fetchAsync() {
        return send(TokenRequest.of(context));
    }

    private CompletionStage<AccessToken> send(TokenRequest request) {
        String path = request.path();
        return exchanges.exchange(Operation.TOKEN, path, request.url(), request.authorization(), request.contentType(),
                request.body(), (status, headers, body) -> CivicResponses.read(Operation.TOKEN, path, status, headers, body,
                        context.clock().instant(), bytes -> CivicJson.readToken(bytes, context.clock().instant())));
    }

    @Override
    public String toString() {
        return "VertxTokenSource[tokenUrl=" + context.tokenUrl() + "]";
    }
}
