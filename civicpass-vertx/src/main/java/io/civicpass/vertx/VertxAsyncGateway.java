package io.civicpass.vertx;

import io.civicpass.internal.ApiCall;
import io.civicpass.internal.AsyncExchangeGateway;
import io.civicpass.model.AccessToken;
import io.civicpass.port.TransportContext;
import java.util.concurrent.CompletionStage;

/** Every gateway operation as one non-blocking exchange over the Web Client. */
final class VertxAsyncGateway extends AsyncExchangeGateway {

    private final TransportContext context;
    private final VertxExchanges exchanges;

    VertxAsyncGateway(TransportContext context, VertxExchanges exchanges) {
        this.context = context;
        this.exchanges = exchanges;
    }

    @Override
    protected <T> CompletionStage<T> exchange(AccessToken token, ApiCall<T> call) {
        return exchanges.exchange(call.method(), context.apiUrl(call.path()), token.authorizationHeader(),
                call.contentType(), call.body(),
                (status, headers, body) -> call.read(status, headers, body, context.clock().instant()), call::failure);
    }
}
