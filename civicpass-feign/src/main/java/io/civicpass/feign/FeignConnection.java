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
 * One client's Feign proxies and the gateways over them. Every operation follows the same
 * steps: build the path with {@link CivicPaths}, send one request through Feign, hand the raw
 * status, headers and body to {@link CivicResponses}, and map any failure below HTTP with
 * {@link CivicErrors#transportFailure}.
 */
final class FeignConnection implements TransportConnection {

    private static final String JSON = CivicJson.JSON;
    private static final String TARGET_NAME = "civicpass";

    private final TransportContext context;
    private final Credentials credentials = new Credentials();
    private final TokenRequest tokenRequest;
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
        this.tokenRequest = TokenRequest.of(context);
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

    /**
     * One request: what to send and how to read the answer.
     *
     * @param operation     the operation, which also gives the method
     * @param path          the request path, for exception messages
     * @param url           the complete URL
     * @param authorization the {@code Authorization} value, or null
     * @param contentType   the body's media type, or null without a body
     * @param body          the body, or null
     * @param sensitive     whether the exchange carries secrets or personal data
     */
    private record Call(Operation operation, String path, URI url, String authorization, String contentType,
                        byte[] body, boolean sensitive) {

        static Call api(Operation operation, String path, URI url, AccessToken token, byte[] body) {
            return new Call(operation, path, url, token.authorizationHeader(), body == null ? null : JSON, body,
                    operation.sensitiveBody());
        }
    }

    /** Reads a received response into a result or one of core's exceptions. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(int status, Function<String, String> headers, byte[] body);
    }

    private <T> Reader<T> decoding(Operation operation, String path, Function<byte[], T> decoder) {
        return (status, headers, body) -> CivicResponses.read(operation, path, status, headers, body,
                context.clock().instant(), decoder);
    }

    private Reader<Void> succeeding(Operation operation, String path) {
        return (status, headers, body) -> {
            CivicResponses.expectSuccess(operation, path, status, headers, body, context.clock().instant());
            return null;
        };
    }

    private Map<String, Object> headers(Call call, String credentialReference) {
        Map<String, Object> headers = new HashMap<>(4);
        if (call.contentType() != null) {
            headers.put("Content-Type", call.contentType());
        }
        if (credentialReference != null) {
            headers.put(Credentials.REFERENCE_HEADER, credentialReference);
        }
        return headers;
    }

    private <T> T send(Call call, Reader<T> reader) {
        String reference = call.authorization() == null ? null : credentials.hold(call.authorization());
        try {
            CivicHttp proxy = call.sensitive() ? sensitiveHttp : http;
            Map<String, Object> headers = headers(call, reference);
            Response response;
            switch (call.operation().method()) {
                case "GET":
                    response = proxy.get(call.url(), headers);
                    break;
                case "POST":
                    response = proxy.post(call.url(), headers, call.body());
                    break;
                case "PATCH":
                    response = proxy.patch(call.url(), headers, call.body());
                    break;
                case "PUT":
                    response = proxy.put(call.url(), headers, call.body());
                    break;
                case "DELETE":
                    response = proxy.delete(call.url(), headers);
                    break;
                default:
                    throw new IllegalStateException("unsupported method " + call.operation().method());
            }
            return read(response, reader);
        } catch (RuntimeException | IOException failure) {
            throw CivicErrors.transportFailure(call.operation(), call.path(), cause(failure));
        } finally {
            credentials.release(reference);
        }
    }

    private <T> CompletionStage<T> sendAsync(Call call, Reader<T> reader) {
        String reference = call.authorization() == null ? null : credentials.hold(call.authorization());
        CompletableFuture<Response> exchange;
        try {
            CivicHttpAsync proxy = call.sensitive() ? sensitiveHttpAsync : httpAsync;
            Map<String, Object> headers = headers(call, reference);
            switch (call.operation().method()) {
                case "GET":
                    exchange = proxy.get(call.url(), headers);
                    break;
                case "POST":
                    exchange = proxy.post(call.url(), headers, call.body());
                    break;
                case "PATCH":
                    exchange = proxy.patch(call.url(), headers, call.body());
                    break;
                case "PUT":
                    exchange = proxy.put(call.url(), headers, call.body());
                    break;
                case "DELETE":
                    exchange = proxy.delete(call.url(), headers);
                    break;
                default:
                    throw new IllegalStateException("unsupported method " + call.operation().method());
            }
        } catch (RuntimeException failure) {
            credentials.release(reference);
            return CompletableFuture.failedFuture(
                    CivicErrors.transportFailure(call.operation(), call.path(), cause(failure)));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        exchange.whenComplete((response, failure) -> {
            credentials.release(reference);
            if (failure != null) {
                result.completeExceptionally(CivicErrors.transportFailure(call.operation(), call.path(), cause(failure)));
                return;
            }
            try {
                result.complete(read(response, reader));
            } catch (RuntimeException | IOException unusable) {
                result.completeExceptionally(
                        CivicErrors.transportFailure(call.operation(), call.path(), cause(unusable)));
            }
        });
        // Abandoning the stage (a caller's time limit, say) abandons the exchange too.
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                exchange.cancel(true);
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

        private Call call() {
            return new Call(Operation.TOKEN, tokenRequest.path(), tokenRequest.url(), tokenRequest.authorization(),
                    tokenRequest.contentType(), tokenRequest.body(), true);
        }

        private Reader<AccessToken> reader() {
            return decoding(Operation.TOKEN, tokenRequest.path(), body -> CivicJson.readToken(body, context.clock().instant()));
        }

        @Override
        public AccessToken fetch() {
            return send(call(), reader());
        }

        @Override
        public CompletionStage<AccessToken> fetchAsync() {
            return sendAsync(call(), reader());
        }
    }

    private Call retrieveCall(AccessToken token, PassKey key) {
        String path = CivicPaths.pass(key);
        return Call.api(Operation.RETRIEVE, path, context.apiUrl(path), token, null);
    }

    private Call issueCall(AccessToken token, PassKey key) {
        String path = CivicPaths.issue(key);
        return Call.api(Operation.ISSUE, path, context.apiUrl(path), token, CivicJson.issueBody(key.wallet()));
    }

    private Call updateCall(AccessToken token, PassKey key, PassUpdate update) {
        String path = CivicPaths.pass(key);
        return Call.api(Operation.UPDATE, path, context.apiUrl(path), token, CivicJson.updateBody(update));
    }

    private Call revokeCall(AccessToken token, PassKey key) {
        String path = CivicPaths.pass(key);
        return Call.api(Operation.REVOKE, path, context.apiUrl(path), token, null);
    }

    private Call listCall(AccessToken token, PassQuery query) {
        String path = CivicPaths.passes();
        return Call.api(Operation.LIST, path, context.apiUrl(path), token, CivicJson.listBody(query));
    }

    private Call piiCall(AccessToken token, String requestId) {
        String path = CivicPaths.pii(requestId);
        return Call.api(Operation.PII, path, context.apiUrl(path), token, null);
    }

    private Call decideCall(AccessToken token, String requestId, PiiDecision decision) {
        String path = CivicPaths.piiStatus(requestId);
        return Call.api(Operation.DECIDE, path, context.apiUrl(path), token, CivicJson.decisionBody(decision));
    }

    private Call downloadCall(AccessToken token, String path) {
        return Call.api(Operation.EVIDENCE, path, context.apiUrl(path), token, null);
    }

    private Reader<Page<Pass>> pageReader(String path, PassQuery query) {
        return decoding(Operation.LIST, path, body -> new Page<>(CivicJson.readPassList(body), query));
    }

    private Reader<Evidence> evidenceReader(String path) {
        return (status, headers, body) -> CivicResponses.read(Operation.EVIDENCE, path, status, headers, body,
                context.clock().instant(), bytes -> new Evidence(headers.apply("Content-Type"), bytes));
    }

    private final class FeignPassGateway implements PassGateway {

        @Override
        public Pass retrieve(AccessToken token, PassKey key) {
            Call call = retrieveCall(token, key);
            return send(call, decoding(call.operation(), call.path(), CivicJson::readPass));
        }

        @Override
        public Pass issue(AccessToken token, PassKey key) {
            Call call = issueCall(token, key);
            return send(call, decoding(call.operation(), call.path(), CivicJson::readPass));
        }

        @Override
        public void update(AccessToken token, PassKey key, PassUpdate update) {
            Call call = updateCall(token, key, update);
            send(call, succeeding(call.operation(), call.path()));
        }

        @Override
        public void revoke(AccessToken token, PassKey key) {
            Call call = revokeCall(token, key);
            send(call, succeeding(call.operation(), call.path()));
        }

        @Override
        public Page<Pass> list(AccessToken token, PassQuery query) {
            Call call = listCall(token, query);
            return send(call, pageReader(call.path(), query));
        }

        @Override
        public PiiRequest pii(AccessToken token, String requestId) {
            Call call = piiCall(token, requestId);
            return send(call, decoding(call.operation(), call.path(), body -> CivicJson.readPii(body, requestId)));
        }

        @Override
        public void decide(AccessToken token, String requestId, PiiDecision decision) {
            Call call = decideCall(token, requestId, decision);
            send(call, succeeding(call.operation(), call.path()));
        }

        @Override
        public Evidence download(AccessToken token, String path) {
            return send(downloadCall(token, path), evidenceReader(path));
        }
    }

    private final class FeignAsyncPassGateway implements AsyncPassGateway {

        @Override
        public CompletionStage<Pass> retrieve(AccessToken token, PassKey key) {
            Call call = retrieveCall(token, key);
            return sendAsync(call, decoding(call.operation(), call.path(), CivicJson::readPass));
        }

        @Override
        public CompletionStage<Pass> issue(AccessToken token, PassKey key) {
            Call call = issueCall(token, key);
            return sendAsync(call, decoding(call.operation(), call.path(), CivicJson::readPass));
        }

        @Override
        public CompletionStage<Void> update(AccessToken token, PassKey key, PassUpdate update) {
            Call call = updateCall(token, key, update);
            return sendAsync(call, succeeding(call.operation(), call.path()));
        }

        @Override
        public CompletionStage<Void> revoke(AccessToken token, PassKey key) {
            Call call = revokeCall(token, key);
            return sendAsync(call, succeeding(call.operation(), call.path()));
        }

        @Override
        public CompletionStage<Page<Pass>> list(AccessToken token, PassQuery query) {
            Call call = listCall(token, query);
            return sendAsync(call, pageReader(call.path(), query));
        }

        @Override
        public CompletionStage<PiiRequest> pii(AccessToken token, String requestId) {
            Call call = piiCall(token, requestId);
            return sendAsync(call, decoding(call.operation(), call.path(), body -> CivicJson.readPii(body, requestId)));
        }

        @Override
        public CompletionStage<Void> decide(AccessToken token, String requestId, PiiDecision decision) {
            Call call = decideCall(token, requestId, decision);
            return sendAsync(call, succeeding(call.operation(), call.path()));
        }

        @Override
        public CompletionStage<Evidence> download(AccessToken token, String path) {
            return sendAsync(downloadCall(token, path), evidenceReader(path));
        }
    }
}
