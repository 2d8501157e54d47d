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
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The fake's in-memory face: a {@link Transport} that hands each request straight to the engine
 * instead of a socket. It builds requests and reads responses exactly as an HTTP adapter does
 * (core's paths, bodies, token request and response mapping), so faults, the journal and the
 * token checks behave as over HTTP, only faster. Latency waits on a timer, never in the caller's
 * thread for asynchronous calls; a dropped connection becomes an I/O failure.
 */
final class InMemoryTransport implements Transport {

    /** The transport's name, as sent in the {@code User-Agent}. */
    static final String NAME = "in-memory";

    private final CivicEngine engine;
    private final ScheduledExecutorService timers;

    InMemoryTransport(CivicEngine engine, ScheduledExecutorService timers) {
        this.engine = engine;
        this.timers = timers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TransportConnection connect(TransportContext context) {
        return new Connection(context);
    }

    @Override
    public String toString() {
        return "InMemoryTransport[" + NAME + "]";
    }

    /** A request as the gateway builds it. */
    private record Call(Operation operation, String method, String path, URI url, byte[] body, String contentType,
                        String authorization) {
    }

    /** A response as the gateway reads it. */
    private record Reply(int status, Function<String, String> headers, byte[] body) {
    }

    private final class Connection implements TransportConnection, TokenSource, PassGateway {

        private final TransportContext context;
        private final AsyncPassGateway async = new AsyncGateway();

        Connection(TransportContext context) {
            this.context = context;
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
            // Nothing of its own to release: the engine and timers belong to the fake.
        }

        // ---------------------------------------------------------------- token

        private Call tokenCall() {
            TokenRequest request = TokenRequest.of(context);
            return new Call(Operation.TOKEN, "POST", request.path(), request.url(), request.body(),
                    request.contentType(), request.authorization());
        }

        private AccessToken readToken(Call call, Reply reply) {
            return CivicResponses.read(Operation.TOKEN, call.path, reply.status, reply.headers, reply.body,
                    context.clock().instant(), body -> CivicJson.readToken(body, context.clock().instant()));
        }

        @Override
        public AccessToken fetch() {
            Call call = tokenCall();
            return readToken(call, exchange(call));
        }

        @Override
        public CompletionStage<AccessToken> fetchAsync() {
            Call call = tokenCall();
            return exchangeAsync(call).thenApply(reply -> readToken(call, reply));
        }

        // ---------------------------------------------------------------- gateway calls

        private Call api(Operation operation, String path, AccessToken token, byte[] body) {
            return new Call(operation, operation.method(), path, context.apiUrl(path), body,
                    body == null ? null : CivicJson.JSON, token.authorizationHeader());
        }

        private <T> T read(Call call, Reply reply, Function<byte[], T> decoder) {
            return CivicResponses.read(call.operation, call.path, reply.status, reply.headers, reply.body,
                    context.clock().instant(), decoder);
        }

        private Void expect(Call call, Reply reply) {
            CivicResponses.expectSuccess(call.operation, call.path, reply.status, reply.headers, reply.body,
                    context.clock().instant());
            return null;
        }

        private Call retrieveCall(AccessToken token, PassKey key) {
            return api(Operation.RETRIEVE, CivicPaths.pass(key), token, null);
        }

        private Call issueCall(AccessToken token, PassKey key) {
            return api(Operation.ISSUE, CivicPaths.issue(key), token, CivicJson.issueBody(key.wallet()));
        }

        private Call updateCall(AccessToken token, PassKey key, PassUpdate update) {
            return api(Operation.UPDATE, CivicPaths.pass(key), token, CivicJson.updateBody(update));
        }

        private Call revokeCall(AccessToken token, PassKey key) {
            return api(Operation.REVOKE, CivicPaths.pass(key), token, null);
        }

        private Call listCall(AccessToken token, PassQuery query) {
            return api(Operation.LIST, CivicPaths.passes(), token, CivicJson.listBody(query));
        }

        private Call piiCall(AccessToken token, String requestId) {
            return api(Operation.PII, CivicPaths.pii(requestId), token, null);
        }

        private Call decideCall(AccessToken token, String requestId, PiiDecision decision) {
            return api(Operation.DECIDE, CivicPaths.piiStatus(requestId), token, CivicJson.decisionBody(decision));
        }

        private Call downloadCall(AccessToken token, String path) {
            return api(Operation.EVIDENCE, path, token, null);
        }

        private static Evidence evidence(Reply reply) {
            return new Evidence(reply.headers.apply("Content-Type"), reply.body);
        }

        @Override
        public Pass retrieve(AccessToken token, PassKey key) {
            Call call = retrieveCall(token, key);
            return read(call, exchange(call), CivicJson::readPass);
        }

        @Override
        public Pass issue(AccessToken token, PassKey key) {
            Call call = issueCall(token, key);
            return read(call, exchange(call), CivicJson::readPass);
        }

        @Override
        public void update(AccessToken token, PassKey key, PassUpdate update) {
            Call call = updateCall(token, key, update);
            expect(call, exchange(call));
        }

        @Override
        public void revoke(AccessToken token, PassKey key) {
            Call call = revokeCall(token, key);
            expect(call, exchange(call));
        }

        @Override
        public Page<Pass> list(AccessToken token, PassQuery query) {
            Call call = listCall(token, query);
            return read(call, exchange(call), body -> new Page<>(CivicJson.readPassList(body), query));
        }

        @Override
        public PiiRequest pii(AccessToken token, String requestId) {
            Call call = piiCall(token, requestId);
            return read(call, exchange(call), body -> CivicJson.readPii(body, requestId));
        }

        @Override
        public void decide(AccessToken token, String requestId, PiiDecision decision) {
            Call call = decideCall(token, requestId, decision);
            expect(call, exchange(call));
        }

        @Override
        public Evidence download(AccessToken token, String path) {
            Call call = downloadCall(token, path);
            Reply reply = exchange(call);
            return read(call, reply, body -> evidence(reply));
        }

        /** The non-blocking gateway: the same requests, answered through stages. */
        private final class AsyncGateway implements AsyncPassGateway {

            @Override
            public CompletionStage<Pass> retrieve(AccessToken token, PassKey key) {
                Call call = retrieveCall(token, key);
                return exchangeAsync(call).thenApply(reply -> read(call, reply, CivicJson::readPass));
            }

            @Override
            public CompletionStage<Pass> issue(AccessToken token, PassKey key) {
                Call call = issueCall(token, key);
                return exchangeAsync(call).thenApply(reply -> read(call, reply, CivicJson::readPass));
            }

            @Override
            public CompletionStage<Void> update(AccessToken token, PassKey key, PassUpdate update) {
                Call call = updateCall(token, key, update);
                return exchangeAsync(call).thenApply(reply -> expect(call, reply));
            }

            @Override
            public CompletionStage<Void> revoke(AccessToken token, PassKey key) {
                Call call = revokeCall(token, key);
                return exchangeAsync(call).thenApply(reply -> expect(call, reply));
            }

            @Override
            public CompletionStage<Page<Pass>> list(AccessToken token, PassQuery query) {
                Call call = listCall(token, query);
                return exchangeAsync(call).thenApply(reply ->
                        read(call, reply, body -> new Page<>(CivicJson.readPassList(body), query)));
            }

            @Override
            public CompletionStage<PiiRequest> pii(AccessToken token, String requestId) {
                Call call = piiCall(token, requestId);
                return exchangeAsync(call).thenApply(reply -> read(call, reply, body -> CivicJson.readPii(body, requestId)));
            }

            @Override
            public CompletionStage<Void> decide(AccessToken token, String requestId, PiiDecision decision) {
                Call call = decideCall(token, requestId, decision);
                return exchangeAsync(call).thenApply(reply -> expect(call, reply));
            }

            @Override
            public CompletionStage<Evidence> download(AccessToken token, String path) {
                Call call = downloadCall(token, path);
                return exchangeAsync(call).thenApply(reply -> read(call, reply, body -> evidence(reply)));
            }
        }

        // ---------------------------------------------------------------- the exchange itself

        private RecordedRequest request(Call call) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("Accept", List.of(CivicJson.JSON));
            headers.put("User-Agent", List.of(context.userAgent()));
            if (call.authorization != null) {
                headers.put("Authorization", List.of(call.authorization));
            }
            if (call.contentType != null) {
                headers.put("Content-Type", List.of(call.contentType));
            }
            String rawPath = call.url.getRawPath();
            return new RecordedRequest(call.method, rawPath == null || rawPath.isEmpty() ? "/" : rawPath, headers,
                    call.body);
        }

        /** One blocking exchange, bounded by the request timeout like a real client's. */
        private Reply exchange(Call call) {
            CivicEngine.Exchange handling = engine.accept(request(call));
            long timeout = context.requestTimeout().toNanos();
            Duration before = handling.delayBeforeProcessing();
            try {
                if (before.toNanos() >= timeout) {
                    // The request reaches the server, which processes it after the delay, but the
                    // client stops waiting first.
                    timers.schedule(handling::respond, before.toNanos(), TimeUnit.NANOSECONDS);
                    TimeUnit.NANOSECONDS.sleep(timeout);
                    throw timedOut(call);
                }
                TimeUnit.NANOSECONDS.sleep(before.toNanos());
                EngineResponse response = handling.respond();
                long left = timeout - before.toNanos();
                if (response.delay.toNanos() >= left) {
                    TimeUnit.NANOSECONDS.sleep(left);
                    throw timedOut(call);
                }
                TimeUnit.NANOSECONDS.sleep(response.delay.toNanos());
                return reply(call, response);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw CivicErrors.transportFailure(call.operation, call.path, new InterruptedIOException("interrupted"));
            }
        }

        /** One non-blocking exchange: waits run on the fake's timer thread, bounded by the request timeout. */
        private CompletionStage<Reply> exchangeAsync(Call call) {
            CompletableFuture<Reply> result = new CompletableFuture<>();
            CivicEngine.Exchange handling;
            try {
                handling = engine.accept(request(call));
            } catch (RuntimeException failure) {
                return CompletableFuture.failedFuture(CivicErrors.transportFailure(call.operation, call.path, failure));
            }
            Duration before = handling.delayBeforeProcessing();
            if (before.isZero()) {
                EngineResponse response = handling.respond();
                if (response.delay.isZero()) {
                    deliver(call, response, result);
                    return result;
                }
                guard(call, result);
                ScheduledFuture<?> delivery = timers.schedule(() -> deliver(call, response, result),
                        response.delay.toNanos(), TimeUnit.NANOSECONDS);
                result.whenComplete((reply, failure) -> delivery.cancel(false));
                return result;
            }
            guard(call, result);
            timers.schedule(() -> {
                EngineResponse response = handling.respond(); // processed even if the client gave up
                if (result.isDone()) {
                    return;
                }
                if (response.delay.isZero()) {
                    deliver(call, response, result);
                } else {
                    timers.schedule(() -> deliver(call, response, result), response.delay.toNanos(),
                            TimeUnit.NANOSECONDS);
                }
            }, before.toNanos(), TimeUnit.NANOSECONDS);
            return result;
        }

        /** Fails the exchange when the request timeout passes first. */
        private void guard(Call call, CompletableFuture<Reply> result) {
            ScheduledFuture<?> timer = timers.schedule(() -> result.completeExceptionally(timedOut(call)),
                    context.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
            result.whenComplete((reply, failure) -> timer.cancel(false));
        }

        private void deliver(Call call, EngineResponse response, CompletableFuture<Reply> result) {
            try {
                result.complete(reply(call, response));
            } catch (RuntimeException failure) {
                result.completeExceptionally(failure);
            }
        }

        private RuntimeException timedOut(Call call) {
            return CivicErrors.transportFailure(call.operation, call.path,
                    new SocketTimeoutException("timed out after " + context.requestTimeout().toMillis() + " ms"));
        }

        private Reply reply(Call call, EngineResponse response) {
            if (response.reset) {
                throw CivicErrors.transportFailure(call.operation, call.path, new SocketException("Connection reset"));
            }
            return new Reply(response.status, response::header, response.body.clone());
        }
    }
}
