package io.civicpass.vertx;

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
        return exchanges.callBlocking(() -> send(request), request::failure);
    }

    @Override
    public CompletionStage<AccessToken> fetchAsync() {
        return send(TokenRequest.of(context));
    }

    private CompletionStage<AccessToken> send(TokenRequest request) {
        return exchanges.exchange(Operation.TOKEN.method(), request.url(), request.authorization(), request.contentType(),
                request.body(), (status, headers, body) -> request.read(status, headers, body, context.clock().instant()),
                request::failure);
    }

    @Override
    public String toString() {
        return "VertxTokenSource[tokenUrl=" + context.tokenUrl() + "]";
    }
}
