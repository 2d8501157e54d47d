package io.civicpass.port;

import io.civicpass.model.AccessToken;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiRequest;
import java.util.concurrent.CompletionStage;

/**
 * Driven port, non-blocking face: the operations of {@link PassGateway}, each returning at once
 * with a stage that completes when the response arrives. The same rules apply: one exchange per
 * call, failures as {@link io.civicpass.error.CivicPassException}s (completing the stage
 * exceptionally, never thrown), and no thread parked waiting for I/O. An HTTP transport extends
 * {@link io.civicpass.internal.AsyncExchangeGateway} rather than implementing it method by method.
 */
public interface AsyncPassGateway {

    /**
     * See {@link PassGateway#retrieve}.
     *
     * @param token the bearer token
     * @param key   the pass
     * @return the pass, or a stage failed with {@link io.civicpass.error.PassNotFoundException}
     */
    CompletionStage<Pass> retrieve(AccessToken token, PassKey key);

    /**
     * See {@link PassGateway#issue}.
     *
     * @param token the bearer token
     * @param key   where to issue
     * @return the pass, pending confirmation
     */
    CompletionStage<Pass> issue(AccessToken token, PassKey key);

    /**
     * See {@link PassGateway#update}.
     *
     * @param token  the bearer token
     * @param key    the pass
     * @param update the change
     * @return completion
     */
    CompletionStage<Void> update(AccessToken token, PassKey key, PassUpdate update);

    /**
     * See {@link PassGateway#revoke}.
     *
     * @param token the bearer token
     * @param key   the pass
     * @return completion
     */
    CompletionStage<Void> revoke(AccessToken token, PassKey key);

    /**
     * See {@link PassGateway#list}.
     *
     * @param token the bearer token
     * @param query what to list
     * @return one page
     */
    CompletionStage<Page<Pass>> list(AccessToken token, PassQuery query);

    /**
     * See {@link PassGateway#pii}.
     *
     * @param token     the bearer token
     * @param requestId the scope request id
     * @return the PII request
     */
    CompletionStage<PiiRequest> pii(AccessToken token, String requestId);

    /**
     * See {@link PassGateway#decide}.
     *
     * @param token     the bearer token
     * @param requestId the scope request id
     * @param decision  approve or reject
     * @return completion
     */
    CompletionStage<Void> decide(AccessToken token, String requestId, PiiDecision decision);

    /**
     * See {@link PassGateway#download}.
     *
     * @param token the bearer token
     * @param path  an already-encoded path relative to the API base
     * @return the evidence
     */
    CompletionStage<Evidence> download(AccessToken token, String path);
}
