package io.civicpass.feign;

import feign.AsyncClient;
import feign.AsyncFeign;
import feign.BaseBuilder;
import feign.Capability;
import feign.Client;
import feign.Feign;
import feign.Logger;
import feign.Request;
import feign.RequestInterceptor;
import feign.Response;
import feign.Retryer;
import feign.Target;
import feign.Util;
import io.civicpass.error.CivicPassException;
import io.civicpass.internal.ApiCall;
import io.civicpass.internal.AsyncExchangeGateway;
import io.civicpass.internal.CivicErrors;
import io.civicpass.internal.CivicJson;
import io.civicpass.internal.ExchangeGateway;
import io.civicpass.internal.Operation;
import io.civicpass.internal.TokenRequest;
import io.civicpass.model.AccessToken;
import io.civicpass.port.AsyncPassGateway;
import io.civicpass.port.PassGateway;
import io.civicpass.port.TokenSource;
import io.civicpass.port.TransportConnection;
import io.civicpass.port.TransportContext;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One client's Feign proxies and the ports over them. Core describes every request (an
 * {@link ApiCall}, or the {@link TokenRequest}); this connection only sends it through Feign,
 * hands the raw status, headers and body back to it to read, and lets it name any failure
 * below HTTP.
 */
final class FeignConnection implements TransportConnection {

    private static final String JSON = CivicJson.JSON;
    private static final String TARGET_NAME = "civicpass";

    private final TransportContext context;
    private final Credentials credentials = new Credentials();
    private final Exchange<AccessToken> tokenExchange;
    /** Proxies for operations whose bodies may be logged at the user's level. */
    private final CivicHttp http;
    private final CivicHttpAsync httpAsync;
    /** Proxies for the token, PII and evidence operations, never logged beyond headers. */
    private final CivicHttp sensitiveHttp;
    private final CivicHttpAsync sensitiveHttpAsync;
    private final HttpClient ownedHttpClient;
    private final ExecutorService ownedExecutor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final TokenSource tokenSource = new FeignTokenSource();
    private final PassGateway gateway = new FeignPassGateway();
    private final AsyncPassGateway asyncGateway = new FeignAsyncPassGateway();

    FeignConnection(FeignTransport settings, TransportContext context) {
        this.context = context;
        this.tokenExchange = tokenExchange(TokenRequest.of(context));
        Duration connectTimeout = settings.connectTimeout().orElse(context.connectTimeout());
        Duration readTimeout = settings.readTimeout().orElse(context.requestTimeout());

        Client userClient = settings.client().orElse(null);
        AsyncClient<Object> userAsyncClient = settings.asyncClient().orElse(null);
        this.ownedHttpClient = userClient == null ? newJdkClient(context, connectTimeout) : null;

        JdkHttpClient jdkClient = userClient == null ? new JdkHttpClient(ownedHttpClient) : null;
        Client syncClient = userClient != null ? userClient : jdkClient;
        AsyncClient<Object> asyncClient;
        ExecutorService executor = null;
        if (userAsyncClient != null) {
            asyncClient = userAsyncClient;
        } else if (userClient == null) {
            asyncClient = jdkClient;
        } else if (userClient instanceof AsyncClient) {
            @SuppressWarnings("unchecked") // the request context is always empty, so any context type will do
            AsyncClient<Object> both = (AsyncClient<Object>) userClient;
            asyncClient = both;
        } else {
            // A blocking client can only answer asynchronously from a thread of its own.
            executor = Executors.newCachedThreadPool(daemonThreads());
            asyncClient = new AsyncClient.Default<>(userClient, executor);
        }
        this.ownedExecutor = executor;

        Request.Options options = new Request.Options(connectTimeout.toMillis(), TimeUnit.MILLISECONDS,
                readTimeout.toMillis(), TimeUnit.MILLISECONDS, false);
        RequestInterceptor civicHeaders = template -> {
            // Literal: a user agent suffix may contain braces, which Feign would read as a template.
            template.headerLiteral("User-Agent", context.userAgent());
            template.headerLiteral("Accept", JSON);
        };
        Logger.Level level = settings.logLevel();
        // Feign's FULL level logs bodies: client secret, access token and personal data for these.
        Logger.Level sensitiveLevel = level == Logger.Level.FULL ? Logger.Level.HEADERS : level;
        String base = context.apiUrl().toString();

        this.http = configure(Feign.builder(), settings, level, options, civicHeaders)
                .client(credentials.attachTo(syncClient))
                .target(new Target.HardCodedTarget<>(CivicHttp.class, TARGET_NAME, base));
        this.sensitiveHttp = sensitiveLevel == level ? http
                : configure(Feign.builder(), settings, sensitiveLevel, options, civicHeaders)
                        .client(credentials.attachTo(syncClient))
                        .target(new Target.HardCodedTarget<>(CivicHttp.class, TARGET_NAME, base));
        this.httpAsync = configure(AsyncFeign.<Object>builder(), settings, level, options, civicHeaders)
                .client(credentials.attachTo(asyncClient))
                .target(new Target.HardCodedTarget<>(CivicHttpAsync.class, TARGET_NAME, base));
        this.sensitiveHttpAsync = sensitiveLevel == level ? httpAsync
                : configure(AsyncFeign.<Object>builder(), settings, sensitiveLevel, options, civicHeaders)
                        .client(credentials.attachTo(asyncClient))
                        .target(new Target.HardCodedTarget<>(CivicHttpAsync.class, TARGET_NAME, base));
    }

    private static <B extends BaseBuilder<B, ?>> B configure(B builder, FeignTransport settings, Logger.Level level,
                                                            Request.Options options, RequestInterceptor civicHeaders) {
        builder.options(options)
                // Core owns retries; a Feign retry would multiply its attempts or repeat an issue.
                .retryer(Retryer.NEVER_RETRY)
                .logger(settings.logger())
                .logLevel(level)
                .requestInterceptor(civicHeaders);
        // One by one: Feign's requestInterceptors(Iterable) replaces the ones already added.
        for (RequestInterceptor interceptor : settings.requestInterceptors()) {
            builder.requestInterceptor(interceptor);
        }
        for (Capability capability : settings.capabilities()) {
            builder.addCapability(capability);
        }
        return builder;
    }

    private static HttpClient newJdkClient(TransportContext context, Duration connectTimeout) {
        // HTTP/2 where it is negotiated over TLS; plain HTTP/1.1 otherwise (no h2c upgrade dance).
        boolean tls = "https".equalsIgnoreCase(context.apiUrl().getScheme());
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "civicpass-feign-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public TokenSource tokenSource() {
        return tokenSource;
    }

    @Override
    public PassGateway gateway() {
        return gateway;
    }

    @Override
    public AsyncPassGateway asyncGateway() {
        return asyncGateway;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
        if (ownedHttpClient != null) {
            shutDown(ownedHttpClient);
        }
    }

    /** Java 21 added {@code HttpClient.shutdownNow()}; on 17 the client's thread ends once it is unreachable. */
    private static void shutDown(HttpClient client) {
        try {
            Method shutdownNow = HttpClient.class.getMethod("shutdownNow");
            shutdownNow.invoke(client);
        } catch (ReflectiveOperationException | RuntimeException notAvailable) {
            // nothing more to release
        }
    }

    // ------------------------------------------------------------------ the exchange

    /** Reads a received response into a result or one of core's exceptions. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(int status, Function<String, String> headers, byte[] body);
    }

    /**
     * One request, token or API: what to send and how to read the answer.
     *
     * @param method        the HTTP method
     * @param url           the complete URL
     * @param authorization the {@code Authorization} value, or null
     * @param contentType   the body's media type, or null without a body
     * @param body          the body, or null
     * @param sensitive     whether the exchange carries secrets or personal data
     * @param reader        reads the response
     * @param failure       maps a failure below HTTP to the exception to report
     * @param <T>           the result type
     */
    private record Exchange<T>(String method, URI url, String authorization, String contentType, byte[] body,
                               boolean sensitive, Reader<T> reader, Function<Throwable, CivicPassException> failure) {
    }

    private Exchange<AccessToken> tokenExchange(TokenRequest tokenRequest) {
        return new Exchange<>(Operation.TOKEN.method(), tokenRequest.url(), tokenRequest.authorization(),
                tokenRequest.contentType(), tokenRequest.body(), Operation.TOKEN.sensitiveBody(),
                (status, headers, body) -> tokenRequest.read(status, headers, body, context.clock().instant()),
                tokenRequest::failure);
    }

    private <T> Exchange<T> apiExchange(AccessToken token, ApiCall<T> call) {
        return new Exchange<>(call.method(), context.apiUrl(call.path()), token.authorizationHeader(),
                call.contentType(), call.body(), call.operation().sensitiveBody(),
                (status, headers, body) -> call.read(status, headers, body, context.clock().instant()),
                call::failure);
    }

    private static Map<String, Object> headers(Exchange<?> exchange, String credentialReference) {
        Map<String, Object> headers = new HashMap<>(4);
        if (exchange.contentType() != null) {
            headers.put("Content-Type", exchange.contentType());
        }
        if (credentialReference != null) {
            headers.put(Credentials.REFERENCE_HEADER, credentialReference);
        }
        return headers;
    }

    private <R> R dispatch(HttpMethods<R> proxy, Exchange<?> exchange, String credentialReference) {
        return HttpMethods.send(proxy, exchange.method(), exchange.url(), headers(exchange, credentialReference),
                exchange.body());
    }

    private String hold(Exchange<?> exchange) {
        return exchange.authorization() == null ? null : credentials.hold(exchange.authorization());
    }

    private <T> T send(Exchange<T> exchange) {
        String reference = hold(exchange);
        try {
            Response response = dispatch(exchange.sensitive() ? sensitiveHttp : http, exchange, reference);
            return read(response, exchange.reader());
        } catch (RuntimeException | IOException failure) {
            throw exchange.failure().apply(cause(failure));
        } finally {
            credentials.release(reference);
        }
    }

    private <T> CompletionStage<T> sendAsync(Exchange<T> exchange) {
        String reference = hold(exchange);
        CompletableFuture<Response> sent;
        try {
            sent = dispatch(exchange.sensitive() ? sensitiveHttpAsync : httpAsync, exchange, reference);
        } catch (RuntimeException failure) {
            credentials.release(reference);
            return CompletableFuture.failedFuture(exchange.failure().apply(cause(failure)));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        sent.whenComplete((response, failure) -> {
            credentials.release(reference);
            if (failure != null) {
                result.completeExceptionally(exchange.failure().apply(cause(failure)));
                return;
            }
            try {
                result.complete(read(response, exchange.reader()));
            } catch (RuntimeException | IOException unusable) {
                result.completeExceptionally(exchange.failure().apply(cause(unusable)));
            }
        });
        // Abandoning the stage (a caller's time limit, say) abandons the exchange too.
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                sent.cancel(true);
            }
        });
        return result;
    }

    private static <T> T read(Response response, Reader<T> reader) throws IOException {
        byte[] body;
        Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (response) {
            headers.putAll(response.headers());
            Response.Body responseBody = response.body();
            if (responseBody == null) {
                body = new byte[0];
            } else {
                try (InputStream in = responseBody.asInputStream()) {
                    body = Util.toByteArray(in);
                }
            }
        }
        Function<String, String> lookup = name -> {
            Collection<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.iterator().next();
        };
        return reader.read(response.status(), lookup, body);
    }

    /**
     * The failure to report: our own exception as it is, otherwise the I/O failure Feign wrapped
     * (a {@code RetryableException} around a {@code ConnectException}, say), so core can tell a
     * refused connection from a timeout. Feign's own messages quote the URL; the cause does not.
     */
    private static Throwable cause(Throwable failure) {
        Throwable unwrapped = CivicErrors.unwrap(failure);
        List<Throwable> seen = new ArrayList<>();
        for (Throwable t = unwrapped; t != null && !seen.contains(t); t = t.getCause()) {
            if (t instanceof CivicPassException || t instanceof IOException) {
                return t;
            }
            seen.add(t);
        }
        return unwrapped;
    }

    // ------------------------------------------------------------------ the ports

    private final class FeignTokenSource implements TokenSource {

        @Override
        public AccessToken fetch() {
            return send(tokenExchange);
        }

        @Override
        public CompletionStage<AccessToken> fetchAsync() {
            return sendAsync(tokenExchange);
        }
    }

    private final class FeignPassGateway extends ExchangeGateway {

        @Override
        protected <T> T exchange(AccessToken token, ApiCall<T> call) {
            return send(apiExchange(token, call));
        }
    }

    private final class FeignAsyncPassGateway extends AsyncExchangeGateway {

        @Override
        protected <T> CompletionStage<T> exchange(AccessToken token, ApiCall<T> call) {
            return sendAsync(apiExchange(token, call));
        }
    }
}
