package io.civicpass.testkit;

import io.civicpass.internal.CivicErrors;
import io.civicpass.internal.CivicJson;
import io.civicpass.internal.CivicPaths;
import io.civicpass.internal.CivicResponses;
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
import io.civicpass.port.AsyncPassGateway;
import io.civicpass.port.PassGateway;
import io.civicpass.port.TokenSource;
import io.civicpass.port.Transport;
import io.civicpass.port.TransportConnection;
import io.civicpass.port.TransportContext;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A minimal transport over the JDK's {@link HttpClient}, following the port recipe, so the
 * contract suite runs over real sockets inside this module.
 *
 * <p>The JDK client silently sends a GET or HEAD again when the connection closes before any
 * response byte arrives (its "connection expired" retry); the contract suite rightly fails that.
 * The only switch is the JVM-wide attempt limit: this module's build runs its tests with
 * {@code jdk.httpclient.redirects.retrylimit=1}, which turns that second attempt into an
 * {@code IOException("Too many retries")}.
 */
final class JdkHttpTransport implements Transport {

    @Override
    public String name() {
        return "jdk-test";
    }

    @Override
    public TransportConnection connect(TransportContext context) {
        return new Connection(context);
    }

    private static final class Connection implements TransportConnection, TokenSource, PassGateway {

        private final TransportContext context;
        private final HttpClient http;
        private final AsyncGateway async = new AsyncGateway();

        Connection(TransportContext context) {
            this.context = context;
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(context.connectTimeout()).build();
        }

        @Override
        public TokenSource tokenSource() {
            return this;
        }

        @Override
        public PassGateway gateway() {
            return this;
        }

        @Override
        public AsyncPassGateway asyncGateway() {
            return async;
        }

        @Override
        public void close() {
            // the JDK 17 client has no close; its threads end when it is unreachable
        }

        private HttpRequest.Builder request(URI url) {
            return HttpRequest.newBuilder(url).timeout(context.requestTimeout())
                    .header("User-Agent", context.userAgent()).header("Accept", CivicJson.JSON);
        }

        private HttpRequest api(String method, String path, AccessToken token, byte[] body) {
            HttpRequest.Builder builder = request(context.apiUrl(path)).header("Authorization", token.authorizationHeader());
            if (body != null) {
                builder.header("Content-Type", CivicJson.JSON);
            }
            return builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body)).build();
        }

        private HttpRequest tokenRequest(TokenRequest token) {
            HttpRequest.Builder builder = request(token.url()).header("Content-Type", token.contentType());
            if (token.authorization() != null) {
                builder.header("Authorization", token.authorization());
            }
            return builder.POST(HttpRequest.BodyPublishers.ofByteArray(token.body())).build();
        }

        private HttpResponse<byte[]> send(Operation operation, String path, HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException failure) {
                throw CivicErrors.transportFailure(operation, path, failure);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw CivicErrors.transportFailure(operation, path, new InterruptedIOException("interrupted"));
            }
        }

        private CompletionStage<HttpResponse<byte[]>> sendAsync(Operation operation, String path, HttpRequest request) {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .exceptionallyCompose(failure -> java.util.concurrent.CompletableFuture.failedFuture(
                            CivicErrors.transportFailure(operation, path, failure)));
        }

        private <T> T read(Operation operation, String path, HttpResponse<byte[]> response, Function<byte[], T> decoder) {
            return CivicResponses.read(operation, path, response.statusCode(),
                    name -> response.headers().firstValue(name).orElse(null), response.body(),
                    context.clock().instant(), decoder);
        }

        private Void expect(Operation operation, String path, HttpResponse<byte[]> response) {
            CivicResponses.expectSuccess(operation, path, response.statusCode(),
                    name -> response.headers().firstValue(name).orElse(null), response.body(), context.clock().instant());
            return null;
        }

        private static Evidence evidence(HttpResponse<byte[]> response) {
            return new Evidence(response.headers().firstValue("Content-Type").orElse(null), response.body());
        }

        @Override
        public AccessToken fetch() {
            TokenRequest token = TokenRequest.of(context);
            return read(Operation.TOKEN, token.path(), send(Operation.TOKEN, token.path(), tokenRequest(token)),
                    b -> CivicJson.readToken(b, context.clock().instant()));
        }

        @Override
        public CompletionStage<AccessToken> fetchAsync() {
            TokenRequest token = TokenRequest.of(context);
            return sendAsync(Operation.TOKEN, token.path(), tokenRequest(token)).thenApply(r ->
                    read(Operation.TOKEN, token.path(), r, b -> CivicJson.readToken(b, context.clock().instant())));
        }

        @Override
        public Pass retrieve(AccessToken token, PassKey key) {
            String path = CivicPaths.pass(key);
            return read(Operation.RETRIEVE, path, send(Operation.RETRIEVE, path, api("GET", path, token, null)),
                    CivicJson::readPass);
        }

        @Override
        public Pass issue(AccessToken token, PassKey key) {
            String path = CivicPaths.issue(key);
            return read(Operation.ISSUE, path, send(Operation.ISSUE, path,
                    api("POST", path, token, CivicJson.issueBody(key.wallet()))), CivicJson::readPass);
        }

        @Override
        public void update(AccessToken token, PassKey key, PassUpdate update) {
            String path = CivicPaths.pass(key);
            expect(Operation.UPDATE, path, send(Operation.UPDATE, path,
                    api("PATCH", path, token, CivicJson.updateBody(update))));
        }

        @Override
        public void revoke(AccessToken token, PassKey key) {
            String path = CivicPaths.pass(key);
            expect(Operation.REVOKE, path, send(Operation.REVOKE, path, api("DELETE", path, token, null)));
        }

        @Override
        public Page<Pass> list(AccessToken token, PassQuery query) {
            String path = CivicPaths.passes();
            return read(Operation.LIST, path, send(Operation.LIST, path,
                    api("POST", path, token, CivicJson.listBody(query))), b -> new Page<>(CivicJson.readPassList(b), query));
        }

        @Override
        public PiiRequest pii(AccessToken token, String requestId) {
            String path = CivicPaths.pii(requestId);
            return read(Operation.PII, path, send(Operation.PII, path, api("GET", path, token, null)),
                    b -> CivicJson.readPii(b, requestId));
        }

        @Override
        public void decide(AccessToken token, String requestId, PiiDecision decision) {
            String path = CivicPaths.piiStatus(requestId);
            expect(Operation.DECIDE, path, send(Operation.DECIDE, path,
                    api("PUT", path, token, CivicJson.decisionBody(decision))));
        }

        @Override
        public Evidence download(AccessToken token, String path) {
            HttpResponse<byte[]> response = send(Operation.EVIDENCE, path, api("GET", path, token, null));
            return read(Operation.EVIDENCE, path, response, b -> evidence(response));
        }

        private final class AsyncGateway implements AsyncPassGateway {

            @Override
            public CompletionStage<Pass> retrieve(AccessToken token, PassKey key) {
                String path = CivicPaths.pass(key);
                return sendAsync(Operation.RETRIEVE, path, api("GET", path, token, null))
                        .thenApply(r -> read(Operation.RETRIEVE, path, r, CivicJson::readPass));
            }

            @Override
            public CompletionStage<Pass> issue(AccessToken token, PassKey key) {
                String path = CivicPaths.issue(key);
                return sendAsync(Operation.ISSUE, path, api("POST", path, token, CivicJson.issueBody(key.wallet())))
                        .thenApply(r -> read(Operation.ISSUE, path, r, CivicJson::readPass));
            }

            @Override
            public CompletionStage<Void> update(AccessToken token, PassKey key, PassUpdate update) {
                String path = CivicPaths.pass(key);
                return sendAsync(Operation.UPDATE, path, api("PATCH", path, token, CivicJson.updateBody(update)))
                        .thenApply(r -> expect(Operation.UPDATE, path, r));
            }

            @Override
            public CompletionStage<Void> revoke(AccessToken token, PassKey key) {
                String path = CivicPaths.pass(key);
                return sendAsync(Operation.REVOKE, path, api("DELETE", path, token, null))
                        .thenApply(r -> expect(Operation.REVOKE, path, r));
            }

            @Override
            public CompletionStage<Page<Pass>> list(AccessToken token, PassQuery query) {
                String path = CivicPaths.passes();
                return sendAsync(Operation.LIST, path, api("POST", path, token, CivicJson.listBody(query)))
                        .thenApply(r -> read(Operation.LIST, path, r, b -> new Page<>(CivicJson.readPassList(b), query)));
            }

            @Override
            public CompletionStage<PiiRequest> pii(AccessToken token, String requestId) {
                String path = CivicPaths.pii(requestId);
                return sendAsync(Operation.PII, path, api("GET", path, token, null))
                        .thenApply(r -> read(Operation.PII, path, r, b -> CivicJson.readPii(b, requestId)));
            }

            @Override
            public CompletionStage<Void> decide(AccessToken token, String requestId, PiiDecision decision) {
                String path = CivicPaths.piiStatus(requestId);
                return sendAsync(Operation.DECIDE, path, api("PUT", path, token, CivicJson.decisionBody(decision)))
                        .thenApply(r -> expect(Operation.DECIDE, path, r));
            }

            @Override
            public CompletionStage<Evidence> download(AccessToken token, String path) {
                return sendAsync(Operation.EVIDENCE, path, api("GET", path, token, null))
                        .thenApply(r -> read(Operation.EVIDENCE, path, r, b -> evidence(r)));
            }
        }
    }
}
