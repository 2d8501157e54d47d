package io.civicpass.internal;

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
 * A blocking gateway whose every operation is one {@link ApiCall}: a transport extends it and
 * implements {@link #exchange} (send the call's method, URL, headers and body; return
 * {@link ApiCall#read} of the response; throw {@link ApiCall#failure} on I/O failure).
 */
public abstract class ExchangeGateway implements PassGateway {

    /** For subclasses. */
    protected ExchangeGateway() {
    }

    /**
     * Performs one HTTP exchange: {@code call.method()} to {@code context.apiUrl(call.path())}
     * with {@code Authorization: token.authorizationHeader()}, the context's
     * {@code User-Agent}, {@code Accept: application/json} and, when {@code call.body()} is not
     * null, that body as {@code call.contentType()}.
     *
     * @param token the bearer token
     * @param call  the request
     * @param <T>   the result type
     * @return {@code call.read(...)} of the response
     */
    protected abstract <T> T exchange(AccessToken token, ApiCall<T> call);

    @Override
    public final Pass retrieve(AccessToken token, PassKey key) {
        return exchange(token, ApiCall.retrieve(key));
    }

    @Override
    public final Pass issue(AccessToken token, PassKey key) {
        return exchange(token, ApiCall.issue(key));
    }

    @Override
    public final void update(AccessToken token, PassKey key, PassUpdate update) {
        exchange(token, ApiCall.update(key, update));
    }

    @Override
    public final void revoke(AccessToken token, PassKey key) {
        exchange(token, ApiCall.revoke(key));
    }

    @Override
    public final Page<Pass> list(AccessToken token, PassQuery query) {
        return exchange(token, ApiCall.list(query));
    }

    @Override
    public final PiiRequest pii(AccessToken token, String requestId) {
        return exchange(token, ApiCall.pii(requestId));
    }

    @Override
    public final void decide(AccessToken token, String requestId, PiiDecision decision) {
        exchange(token, ApiCall.decide(requestId, decision));
    }

    @Override
    public final Evidence download(AccessToken token, String path) {
        return exchange(token, ApiCall.download(path));
    }
}
