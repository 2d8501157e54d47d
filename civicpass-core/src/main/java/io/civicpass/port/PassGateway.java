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

/**
 * Driven port, blocking face: one method per Civic API operation, in domain terms.
 *
 * <p>An implementation performs exactly one HTTP exchange per call and nothing else: no
 * retries, no token handling beyond sending the given token, no validation (the client has
 * validated every argument). Each call sends {@code Authorization: Bearer <token>} and the
 * context's {@code User-Agent}. A non-2xx response becomes the exception core maps it to; an
 * I/O failure a {@link io.civicpass.error.CivicTransportException}.
 *
 * <p>An HTTP transport should not implement this interface method by method: it extends
 * {@link io.civicpass.internal.ExchangeGateway} and sends the
 * {@link io.civicpass.internal.ApiCall} each operation is described by, so paths, bodies and
 * response mapping stay in core.
 */
public interface PassGateway {

    /**
     * {@code GET /pass/{chain}/{chainNetwork}/{wallet}}.
     *
     * @param token the bearer token
     * @param key   the pass
     * @return the pass
     * @throws io.civicpass.error.PassNotFoundException on 404
     */
    Pass retrieve(AccessToken token, PassKey key);

    /**
     * {@code POST /pass/{chain}/{chainNetwork}} with {@code {"walletAddress": ...}}; Civic answers 202.
     *
     * @param token the bearer token
     * @param key   where to issue
     * @return the pass as Civic reports it, pending confirmation
     */
    Pass issue(AccessToken token, PassKey key);

    /**
     * {@code PATCH /pass/{chain}/{chainNetwork}/{wallet}} with {@code state} and/or {@code expiryTimestamp}.
     *
     * @param token  the bearer token
     * @param key    the pass
     * @param update the change
     */
    void update(AccessToken token, PassKey key, PassUpdate update);

    /**
     * {@code DELETE /pass/{chain}/{chainNetwork}/{wallet}}.
     *
     * @param token the bearer token
     * @param key   the pass
     */
    void revoke(AccessToken token, PassKey key);

    /**
     * {@code POST /pass} with {@code limit}, {@code skip} and {@code filter}.
     *
     * @param token the bearer token
     * @param query what to list
     * @return one page
     */
    Page<Pass> list(AccessToken token, PassQuery query);

    /**
     * {@code GET /piirequest/{scopeRequestId}}.
     *
     * @param token     the bearer token
     * @param requestId the scope request id
     * @return the PII request
     */
    PiiRequest pii(AccessToken token, String requestId);

    /**
     * {@code PUT /piirequest/{scopeRequestId}/status} with {@code {"status": "partner-pass" | "partner-fail"}}.
     *
     * @param token     the bearer token
     * @param requestId the scope request id
     * @param decision  approve or reject
     */
    void decide(AccessToken token, String requestId, PiiDecision decision);

    /**
     * {@code GET} of an evidence item at a path under the API base.
     *
     * @param token the bearer token
     * @param path  an already-encoded path relative to the API base, starting with {@code /}
     *              (for example {@code /piirequest/ID/evidence/idDocumentFront}); the client
     *              has checked it stays under the base
     * @return the bytes and their content type
     */
    Evidence download(AccessToken token, String path);
}
