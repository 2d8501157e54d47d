package io.civicpass.vertx;

import io.civicpass.internal.ApiCall;
import io.civicpass.internal.ExchangeGateway;
import io.civicpass.model.AccessToken;
import java.util.Locale;

/**
 * The blocking face: each operation runs the non-blocking exchange and waits for it, off the
 * event loop only (on an event-loop thread it fails fast rather than deadlock).
 */
final class VertxBlockingGateway extends ExchangeGateway {

    private final VertxAsyncGateway async;
    private final VertxExchanges exchanges;

    VertxBlockingGateway(VertxAsyncGateway async, VertxExchanges exchanges) {
        this.async = async;
        this.exchanges = exchanges;
    }

    @Override
    protected <T> T exchange(AccessToken token, ApiCall<T> call) {
        VertxExchanges.requireBlockingAllowed("PassGateway." + call.operation().name().toLowerCase(Locale.ROOT));
        return exchanges.callBlocking(() -> async.exchange(token, call), call::failure);
    }
}
