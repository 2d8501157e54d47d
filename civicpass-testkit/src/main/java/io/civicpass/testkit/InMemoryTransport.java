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
import java.io.InterruptedIOException;
import java.net.ConnectException;
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
    private final URI origin;

    /**
     * @param origin the fake's scheme, host and port: a request for any other address is refused
     *               as a closed port would refuse it, so a misconfigured client fails here as it
     *               would over HTTP
     */
    InMemoryTransport(CivicEngine engine, ScheduledExecutorService timers, URI origin) {
        this.engine = engine;
        this.timers = timers;
        this.origin = origin;
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

    /** A request as the gateway builds it, with the failure to report if it gets no answer. */
    private record Call(String method, URI url, byte[] body, String contentType, String authorization,
                        Function<Throwable, CivicPassException> failure) {
    }

    /** A response as the gateway reads it. */
    private record Reply(int status, Function<String, String> headers, byte[] body) {
    }

    private final class Connection implements TransportConnection, TokenSource {

        private final TransportContext context;
        private final PassGateway gateway = new Gateway();
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
            return gateway;
        }

        @Override
        public AsyncPassGateway asyncGateway() {
            return async;
        }

        @Override
        public void close() {
            // Nothing of its own to release: the engine and timers belong to the fake.
        }

        // ---------------------------------------------------------------- token and gateway calls

        private Call tokenCall(TokenRequest request) {
            return new Call("POST", request.url(), request.body(), request.contentType(), request.authorization(),
                    request::failure);
        }

        private Call apiCall(AccessToken token, ApiCall<?> call) {
            return new Call(call.method(), context.apiUrl(call.path()), call.body(), call.contentType(),
                    token.authorizationHeader(), call::failure);
        }

        @Override
        public AccessToken fetch() {
            TokenRequest request = TokenRequest.of(context);
            Reply reply = send(tokenCall(request));
            return request.read(reply.status, reply.headers, reply.body, context.clock().instant());
        }

        @Override
        public CompletionStage<AccessToken> fetchAsync() {
            TokenRequest request = TokenRequest.of(context);
            return sendAsync(tokenCall(request)).thenApply(reply ->
                    request.read(reply.status, reply.headers, reply.body, context.clock().instant()));
        }

        private <T> T read(ApiCall<T> call, Reply reply) {
            return call.read(reply.status, reply.headers, reply.body, context.clock().instant());
        }

        /** The blocking gateway: every operation is one exchange with the engine. */
        private final class Gateway extends ExchangeGateway {
            @Override
            protected <T> T exchange(AccessToken token, ApiCall<T> call) {
                return read(call, send(apiCall(token, call)));
            }
        }

        /** The non-blocking gateway: the same requests, answered through stages. */
        private final class AsyncGateway extends AsyncExchangeGateway {
            @Override
            protected <T> CompletionStage<T> exchange(AccessToken token, ApiCall<T> call) {
                return sendAsync(apiCall(token, call)).thenApply(reply -> read(call, reply));
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

        /** Nothing listens at an address other than the fake's: the connection is refused. */
        private void requireFakeAddress(Call call) {
            URI url = call.url;
            if (!origin.getScheme().equalsIgnoreCase(url.getScheme()) || !origin.getHost().equalsIgnoreCase(url.getHost())
                    || origin.getPort() != url.getPort()) {
                throw call.failure.apply(new ConnectException("Connection refused: nothing listens at "
                        + url.getScheme() + "://" + url.getHost() + ":" + url.getPort() + " (the in-memory fake is "
                        + origin + ")"));
            }
        }

        /** One blocking exchange, bounded by the request timeout like a real client's. */
        private Reply send(Call call) {
            requireFakeAddress(call);
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
                throw call.failure.apply(new InterruptedIOException("interrupted"));
            }
        }

        /** One non-blocking exchange: waits run on the fake's timer thread, bounded by the request timeout. */
        private CompletionStage<Reply> sendAsync(Call call) {
            CompletableFuture<Reply> result = new CompletableFuture<>();
            CivicEngine.Exchange handling;
            try {
                requireFakeAddress(call);
                handling = engine.accept(request(call));
            } catch (CivicPassException refused) {
                return CompletableFuture.failedFuture(refused);
            } catch (RuntimeException failure) {
                return CompletableFuture.failedFuture(call.failure.apply(failure));
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
            return call.failure.apply(
                    new SocketTimeoutException("timed out after " + context.requestTimeout().toMillis() + " ms"));
        }

        private Reply reply(Call call, EngineResponse response) {
            if (response.reset) {
                throw call.failure.apply(new SocketException("Connection reset"));
            }
            return new Reply(response.status, response::header, response.body.clone());
        }
    }
}
