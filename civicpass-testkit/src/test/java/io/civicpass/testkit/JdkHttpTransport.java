package io.civicpass.testkit;

import io.civicpass.error.CivicPassException;
import io.civicpass.internal.ApiCall;
import io.civicpass.internal.AsyncExchangeGateway;
import io.civicpass.internal.CivicJson;
import io.civicpass.internal.ExchangeGateway;
import io.civicpass.internal.TokenRequest;
import io.civicpass.model.AccessToken;
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
import java.util.concurrent.CompletableFuture;
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
        Exchanges exchanges = new Exchanges(context);
        return new Connection(exchanges, exchanges.new Gateway(), exchanges.new AsyncGateway());
    }

    /** The three faces of one HTTP client; the JDK 17 client has no close, its threads end when unreachable. */
    private record Connection(TokenSource tokenSource, PassGateway gateway, AsyncPassGateway asyncGateway)
            implements TransportConnection {
        @Override
        public void close() {
            // nothing to release
        }
    }

    /** Sends token requests and API calls over one HTTP client. */
    private static final class Exchanges implements TokenSource {

        private final TransportContext context;
        private final HttpClient http;

        Exchanges(TransportContext context) {
            this.context = context;
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(context.connectTimeout()).build();
        }

        private HttpRequest request(String method, URI url, String authorization, byte[] body, String contentType) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(context.requestTimeout())
                    .header("User-Agent", context.userAgent()).header("Accept", CivicJson.JSON);
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            if (body != null) {
                builder.header("Content-Type", contentType);
            }
            return builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body)).build();
        }

        private HttpRequest tokenRequest(TokenRequest token) {
            return request("POST", token.url(), token.authorization(), token.body(), token.contentType());
        }

        private HttpRequest apiRequest(AccessToken token, ApiCall<?> call) {
            return request(call.method(), context.apiUrl(call.path()), token.authorizationHeader(), call.body(),
                    call.contentType());
        }

        private HttpResponse<byte[]> send(HttpRequest request, Function<Throwable, CivicPassException> failure) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException ioFailure) {
                throw failure.apply(ioFailure);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw failure.apply(new InterruptedIOException("interrupted"));
            }
        }

        private CompletionStage<HttpResponse<byte[]>> sendAsync(HttpRequest request,
                                                                Function<Throwable, CivicPassException> failure) {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .exceptionallyCompose(ioFailure -> CompletableFuture.failedFuture(failure.apply(ioFailure)));
        }

        private static Function<String, String> headers(HttpResponse<byte[]> response) {
            return name -> response.headers().firstValue(name).orElse(null);
        }

        private AccessToken readToken(TokenRequest token, HttpResponse<byte[]> response) {
            return token.read(response.statusCode(), headers(response), response.body(), context.clock().instant());
        }

        private <T> T read(ApiCall<T> call, HttpResponse<byte[]> response) {
            return call.read(response.statusCode(), headers(response), response.body(), context.clock().instant());
        }

        @Override
        public AccessToken fetch() {
            TokenRequest token = TokenRequest.of(context);
            return readToken(token, send(tokenRequest(token), token::failure));
        }

        @Override
        public CompletionStage<AccessToken> fetchAsync() {
            TokenRequest token = TokenRequest.of(context);
            return sendAsync(tokenRequest(token), token::failure).thenApply(response -> readToken(token, response));
        }

        private final class Gateway extends ExchangeGateway {
            @Override
            protected <T> T exchange(AccessToken token, ApiCall<T> call) {
                return read(call, send(apiRequest(token, call), call::failure));
            }
        }

        private final class AsyncGateway extends AsyncExchangeGateway {
            @Override
            protected <T> CompletionStage<T> exchange(AccessToken token, ApiCall<T> call) {
                return sendAsync(apiRequest(token, call), call::failure).thenApply(response -> read(call, response));
            }
        }
    }
}
