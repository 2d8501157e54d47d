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
import io.civicpass.port.AsyncPassGateway;
import java.util.concurrent.CompletionStage;

/**
 * A non-blocking gateway whose every operation is one {@link ApiCall}: a transport extends it and
 * implements {@link #exchange} (send the call without blocking; complete with
 * {@link ApiCall#read} of the response, or exceptionally with {@link ApiCall#failure} on I/O failure).
 */
public abstract class AsyncExchangeGateway implements AsyncPassGateway {

    /** For subclasses. */
    protected AsyncExchangeGateway() {
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
     * @return a stage completing with {@code call.read(...)} of the response
     */
    protected abstract <T> CompletionStage<T> exchange(AccessToken token, ApiCall<T> call);

    @Override
    public final CompletionStage<Pass> retrieve(AccessToken token, PassKey key) {
        return exchange(token, ApiCall.retrieve(key));
    }

    @Override
    public final CompletionStage<Pass> issue(AccessToken token, PassKey key) {
        return exchange(token, ApiCall.issue(key));
    }

    @Override
    public final CompletionStage<Void> update(AccessToken token, PassKey key, PassUpdate update) {
        return exchange(token, ApiCall.update(key, update));
    }

    @Override
    public final CompletionStage<Void> revoke(AccessToken token, PassKey key) {
        return exchange(token, ApiCall.revoke(key));
    }

    @Override
    public final CompletionStage<Page<Pass>> list(AccessToken token, PassQuery query) {
        return exchange(token, ApiCall.list(query));
    }

    @Override
    public final CompletionStage<PiiRequest> pii(AccessToken token, String requestId) {
        return exchange(token, ApiCall.pii(requestId));
    }

    @Override
    public final CompletionStage<Void> decide(AccessToken token, String requestId, PiiDecision decision) {
        return exchange(token, ApiCall.decide(requestId, decision));
    }

    @Override
    public final CompletionStage<Evidence> download(AccessToken token, String path) {
        return exchange(token, ApiCall.download(path));
    }
}
