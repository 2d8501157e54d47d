package io.civicpass;

import io.civicpass.error.ConfigurationException;
import io.civicpass.model.AccessToken;
import io.civicpass.port.ApiCall;
import io.civicpass.port.AsyncPassGateway;
import io.civicpass.port.ExchangeObserver;
import io.civicpass.port.PassGateway;
import io.civicpass.port.TokenSource;
import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Core's one implementation of the ports over a transport's two exchanges: builds each
 * request from its {@link ApiCall} (or the token request), hands it to the transport, and
 * reads the response. The call engine reaches Civic only through it, as a {@link PassGateway}
 * and an {@link AsyncPassGateway}; the token cache through it as a {@link TokenSource}.
 * Nothing else in the library knows a header name.
 */
final class HttpGateway implements PassGateway, AsyncPassGateway, TokenSource {

    private final String apiBase;
    private final TokenRequest tokenRequest;
    private final HttpExchange blocking;
    private final AsyncHttpExchange async;
    private final String userAgent;
    private final Duration requestTimeout;
    private final Clock clock;
    /** The last token's header value: a token serves many calls, and its header is about 1 KB. */
    private volatile Authorization lastAuthorization;

    /** Not a record: its generated toString would print the header. */
    private static final class Authorization {
        final AccessToken token;
        final String header;

        Authorization(AccessToken token, String header) {
            this.token = token;
            this.header = header;
        }
    }

    HttpGateway(URI apiUrl, TokenRequest tokenRequest, HttpExchange blocking, AsyncHttpExchange async,
                String userAgent, Duration requestTimeout, Clock clock) {
        this.apiBase = apiUrl.toString();
        this.tokenRequest = tokenRequest;
        this.blocking = blocking;
        this.async = async;
        this.userAgent = userAgent;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    // ------------------------------------------------------------------------ API calls

    @Override
    public <T> T execute(AccessToken token, ApiCall<T> call, Duration timeout, ExchangeObserver observer) {
        HttpResponse response;
        try {
            response = blocking.execute(request(token, call, timeout));
        } catch (RuntimeException failure) {
            throw CivicErrors.transportFailure(call.method(), call.path(), failure);
        }
        observer.responded(response.status(), CivicErrors.requestId(response));
        return read(call, response);
    }

    /** Reads a response; a misconfiguration is named by the URL to check. */
    private <T> T read(ApiCall<T> call, HttpResponse response) {
        try {
            return call.read(response, clock.instant());
        } catch (ConfigurationException misconfigured) {
            throw new ConfigurationException(misconfigured.status(), misconfigured.method(), misconfigured.path(),
                    safeUrl(apiBase) + call.pathTemplate(), misconfigured.requestId().orElse(null));
        }
    }

    private AccessToken readToken(HttpResponse response) {
        try {
            return tokenRequest.read(response, clock.instant());
        } catch (ConfigurationException misconfigured) {
            throw new ConfigurationException(misconfigured.status(), misconfigured.method(), misconfigured.path(),
                    tokenRequest.safeUrl(), misconfigured.requestId().orElse(null));
        }
    }

    /** Scheme, host, port and path only: never user info or a query. */
    static String safeUrl(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    @Override
    public <T> CompletableFuture<T> executeAsync(AccessToken token, ApiCall<T> call, Duration timeout,
                                                 ExchangeObserver observer) {
        CompletableFuture<HttpResponse> sent;
        try {
            sent = async.execute(request(token, call, timeout));
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(CivicErrors.transportFailure(call.method(), call.path(), failure));
        }
        return read(sent, response -> {
            observer.responded(response.status(), CivicErrors.requestId(response));
            return read(call, response);
        }, failure -> CivicErrors.transportFailure(call.method(), call.path(), failure));
    }

    private HttpRequest request(AccessToken token, ApiCall<?> call, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.builder(call.method(), URI.create(apiBase + call.path()))
                .header("Authorization", authorization(token))
                .header("Accept", CivicJson.JSON)
                .header("User-Agent", userAgent)
                .sensitive(call.sensitive())
                .timeout(timeout);
        byte[] body = call.body();
        if (body != null) {
            builder.body(body, call.contentType());
        }
        return builder.build();
    }

    private String authorization(AccessToken token) {
        Authorization last = lastAuthorization;
        if (last == null || last.token != token) {
            last = new Authorization(token, token.authorizationHeader());
            lastAuthorization = last;
        }
        return last.header;
    }

    // ------------------------------------------------------------------------ tokens

    @Override
    public AccessToken fetch() {
        HttpResponse response;
        try {
            response = blocking.execute(tokenRequest.toHttp(userAgent, requestTimeout));
        } catch (RuntimeException failure) {
            throw CivicErrors.transportFailure(Operation.TOKEN.method(), tokenRequest.path(), failure);
        }
        return readToken(response);
    }

    @Override
    public CompletionStage<AccessToken> fetchAsync() {
        CompletableFuture<HttpResponse> sent;
        try {
            sent = async.execute(tokenRequest.toHttp(userAgent, requestTimeout));
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(
                    CivicErrors.transportFailure(Operation.TOKEN.method(), tokenRequest.path(), failure));
        }
        return read(sent, this::readToken,
                failure -> CivicErrors.transportFailure(Operation.TOKEN.method(), tokenRequest.path(), failure));
    }

    // ------------------------------------------------------------------------ helpers

    private static <T> CompletableFuture<T> read(CompletableFuture<HttpResponse> sent,
                                                 java.util.function.Function<HttpResponse, T> reader,
                                                 java.util.function.Function<Throwable, RuntimeException> failure) {
        CompletableFuture<T> result = new CompletableFuture<>();
        sent.whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(failure.apply(error));
                return;
            }
            try {
                result.complete(reader.apply(response));
            } catch (RuntimeException | Error refused) {
                // whenComplete would swallow it, leaving the caller waiting for ever
                result.completeExceptionally(refused);
            }
        });
        // Abandoning the stage (a caller's cancel or the call's deadline) abandons the exchange.
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                sent.cancel(true);
            }
        });
        return result;
    }
}
