package io.civicpass.retrofit;

import io.civicpass.internal.CivicJson;
import io.civicpass.internal.CivicPaths;
import io.civicpass.internal.Operation;
import io.civicpass.internal.TokenRequest;
import io.civicpass.model.AccessToken;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiRequest;
import io.civicpass.port.TransportContext;
import java.time.Clock;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * Describes each Civic operation as one {@link Exchange}, following core's recipe: the path
 * from {@link CivicPaths}, the body from {@link CivicJson}, the standard headers, and the
 * matching decoder. The gateways and the token source only choose whether to run it blocking
 * or not.
 */
final class CivicCalls {

    private final CivicHttpApi api;
    private final TransportContext context;
    private final TokenRequest tokenRequest;
    private final HttpUrl tokenUrl;
    private final String basePath;
    private final String userAgent;
    private final Clock clock;

    CivicCalls(CivicHttpApi api, TransportContext context) {
        this.api = api;
        this.context = context;
        this.tokenRequest = TokenRequest.of(context);
        this.tokenUrl = HttpUrl.get(tokenRequest.url().toString());
        String base = HttpUrl.get(context.apiUrl().toString()).encodedPath();
        this.basePath = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.userAgent = context.userAgent();
        this.clock = context.clock();
    }

    /** {@code POST} to the token endpoint, in the context's request style. */
    Exchange<AccessToken> token() {
        return new Exchange<>(Operation.TOKEN, tokenRequest.path(),
                () -> api.post(tokenUrl, tokenRequest.authorization(), userAgent, CivicJson.JSON,
                        body(tokenRequest.body(), tokenRequest.contentType())),
                (headers, body) -> CivicJson.readToken(body, clock.instant()), clock);
    }

    Exchange<Pass> retrieve(AccessToken token, PassKey key) {
        String path = CivicPaths.pass(key);
        return new Exchange<>(Operation.RETRIEVE, path,
                () -> api.get(url(path), token.authorizationHeader(), userAgent, CivicJson.JSON),
                (headers, body) -> CivicJson.readPass(body), clock);
    }

    Exchange<Pass> issue(AccessToken token, PassKey key) {
        String path = CivicPaths.issue(key);
        return new Exchange<>(Operation.ISSUE, path,
                () -> api.post(url(path), token.authorizationHeader(), userAgent, CivicJson.JSON,
                        json(CivicJson.issueBody(key.wallet()))),
                (headers, body) -> CivicJson.readPass(body), clock);
    }

    Exchange<Void> update(AccessToken token, PassKey key, PassUpdate update) {
        String path = CivicPaths.pass(key);
        return new Exchange<>(Operation.UPDATE, path,
                () -> api.patch(url(path), token.authorizationHeader(), userAgent, CivicJson.JSON,
                        json(CivicJson.updateBody(update))),
                null, clock);
    }

    Exchange<Void> revoke(AccessToken token, PassKey key) {
        String path = CivicPaths.pass(key);
        return new Exchange<>(Operation.REVOKE, path,
                () -> api.delete(url(path), token.authorizationHeader(), userAgent, CivicJson.JSON),
                null, clock);
    }

    Exchange<Page<Pass>> list(AccessToken token, PassQuery query) {
        String path = CivicPaths.passes();
        return new Exchange<>(Operation.LIST, path,
                () -> api.post(url(path), token.authorizationHeader(), userAgent, CivicJson.JSON,
                        json(CivicJson.listBody(query))),
                (headers, body) -> new Page<>(CivicJson.readPassList(body), query), clock);
    }

    Exchange<PiiRequest> pii(AccessToken token, String requestId) {
        String path = CivicPaths.pii(requestId);
        return new Exchange<>(Operation.PII, path,
                () -> api.get(url(path), token.authorizationHeader(), userAgent, CivicJson.JSON),
                (headers, body) -> CivicJson.readPii(body, requestId), clock);
    }

    Exchange<Void> decide(AccessToken token, String requestId, PiiDecision decision) {
        String path = CivicPaths.piiStatus(requestId);
        return new Exchange<>(Operation.DECIDE, path,
                () -> api.put(url(path), token.authorizationHeader(), userAgent, CivicJson.JSON,
                        json(CivicJson.decisionBody(decision))),
                null, clock);
    }

    Exchange<Evidence> download(AccessToken token, String path) {
        return new Exchange<>(Operation.EVIDENCE, path,
                () -> api.get(url(path), token.authorizationHeader(), userAgent, CivicJson.JSON),
                (headers, body) -> new Evidence(headers.apply("Content-Type"), body), clock);
    }

    /**
     * The absolute URL of an encoded path under the API base. OkHttp resolves dot segments,
     * including percent-encoded ones such as {@code %2E%2E}, so a path it would rewrite is
     * refused here instead of being sent somewhere else.
     *
     * @throws IllegalArgumentException when OkHttp would not send the path exactly as given
     */
    private HttpUrl url(String encodedPath) {
        HttpUrl url = HttpUrl.get(context.apiUrl(encodedPath).toString());
        if (!url.encodedPath().equals(basePath + encodedPath) || url.encodedQuery() != null
                || url.encodedFragment() != null) {
            throw new IllegalArgumentException("Refusing to send a request: the path '" + encodedPath
                    + "' would not reach exactly that resource under the API base");
        }
        return url;
    }

    private static RequestBody json(byte[] bytes) {
        return body(bytes, CivicJson.JSON);
    }

    /**
     * A body OkHttp may send only once: it must never replay a request on its own (a replayed
     * issue could create a second pass), and logging interceptors skip one-shot bodies, which
     * keeps the token request's client secret out of logs.
     */
    private static RequestBody body(byte[] bytes, String contentType) {
        MediaType type = MediaType.get(contentType);
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return type;
            }

            @Override
            public long contentLength() {
                return bytes.length;
            }

            @Override
            public void writeTo(BufferedSink sink) throws java.io.IOException {
                sink.write(bytes);
            }

            @Override
            public boolean isOneShot() {
                return true;
            }
        };
    }
}
