package io.civicpass.port;

import io.civicpass.model.AccessToken;
import java.util.concurrent.CompletionStage;

/**
 * Driven port: obtains an OAuth 2.0 access token for Civic's API.
 *
 * <p>Who uses it: the client's token cache, which hands the call engine a token for each
 * attempt. Who implements it: core, once, over a transport's exchange (core builds the
 * client-credentials request in either of Civic's styles and reads the answer); a user may
 * supply their own through {@code ClientBuilder.tokenSource(...)}, for example one that reads a
 * token shared by a fleet from the fleet's store, so that however many clients the fleet runs,
 * Civic sees one token request. Every source answers each call afresh (one token request, or one
 * read of the fleet's store): the client wraps it in a cache (reuse until shortly before expiry,
 * one request for many concurrent callers, each waiting no longer than its own call's deadline),
 * so a source must not cache on its own.
 *
 * <p>Failures are reported as {@link io.civicpass.error.CivicPassException}s:
 * {@link io.civicpass.error.AuthenticationException} for refused credentials,
 * {@link io.civicpass.error.CivicTransportException} for I/O, and so on.
 *
 * @since 0.1.0
 */
public interface TokenSource {

    /**
     * Requests a token, blocking the calling thread until it arrives or the request fails.
     *
     * @return a fresh token
     * @throws io.civicpass.error.CivicPassException when the request fails
     */
    AccessToken fetch();

    /**
     * Requests a token without blocking the calling thread.
     *
     * @return a stage completing with a fresh token, or exceptionally with a
     *         {@link io.civicpass.error.CivicPassException}
     */
    CompletionStage<AccessToken> fetchAsync();
}
