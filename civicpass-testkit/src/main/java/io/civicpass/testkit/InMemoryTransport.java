package io.civicpass.testkit;

import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.Headers;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportException;
import io.civicpass.spi.TransportSettings;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The fake's in-memory face: a {@link Transport} whose exchanges hand each request straight to
 * the engine instead of a socket. The client builds requests and reads responses exactly as
 * over HTTP (core's paths, bodies, token request and response mapping), so faults, the journal
 * and the token checks behave as over HTTP, only faster. Latency waits on a timer, never in the
 * caller's thread for asynchronous calls; a dropped connection becomes an I/O failure; each
 * exchange ends by its request's deadline.
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
    public TransportConnection connect(TransportSettings settings) {
        HttpExchange blocking = this::send;
        AsyncHttpExchange async = this::sendAsync;
        return new TransportConnection() {
            @Override
            public Optional<HttpExchange> blocking() {
                return Optional.of(blocking);
            }

            @Override
            public Optional<AsyncHttpExchange> async() {
                return Optional.of(async);
            }

            @Override
            public void close() {
                // Nothing of its own to release: the engine and timers belong to the fake.
            }
        };
    }

    @Override
    public String toString() {
        return "InMemoryTransport[" + NAME + "]";
    }

    private static RecordedRequest recorded(HttpRequest request) {
        String rawPath = request.uri().getRawPath();
        Map<String, List<String>> headers = request.headers().asMap();
        return new RecordedRequest(request.method().name(), rawPath == null || rawPath.isEmpty() ? "/" : rawPath,
                headers, request.body());
    }

    /** Nothing listens at an address other than the fake's: the connection is refused. */
    private void requireFakeAddress(HttpRequest request) {
        URI url = request.uri();
        if (!origin.getScheme().equalsIgnoreCase(url.getScheme()) || !origin.getHost().equalsIgnoreCase(url.getHost())
                || origin.getPort() != url.getPort()) {
            throw TransportException.notSent(TransportException.Kind.CONNECT, "Connection refused: nothing listens at "
                    + url.getScheme() + "://" + url.getHost() + ":" + url.getPort(), null);
        }
    }

    /** One blocking exchange, bounded by the request's deadline like a real client's. */
    private HttpResponse send(HttpRequest request) {
        requireFakeAddress(request);
        if (request.expired()) {
            throw TransportException.notSent(TransportException.Kind.TIMEOUT, "deadline passed before sending", null);
        }
        CivicEngine.Exchange handling = engine.accept(recorded(request));
        long timeout = request.remaining().toNanos();
        Duration before = handling.delayBeforeProcessing();
        try {
            if (before.toNanos() >= timeout) {
                // The request reaches the server, which processes it after the delay, but the
                // client stops waiting first.
                timers.schedule(handling::respond, before.toNanos(), TimeUnit.NANOSECONDS);
                TimeUnit.NANOSECONDS.sleep(Math.max(0, timeout));
                throw timedOut(request);
            }
            TimeUnit.NANOSECONDS.sleep(before.toNanos());
            EngineResponse response = handling.respond();
            long left = request.remaining().toNanos();
            if (response.delay.toNanos() >= left) {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, left));
                throw timedOut(request);
            }
            TimeUnit.NANOSECONDS.sleep(response.delay.toNanos());
            return reply(response);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw TransportException.maybeSent(TransportException.Kind.IO, "interrupted", interrupted);
        }
    }

    /** One non-blocking exchange: waits run on the fake's timer thread, bounded by the request's deadline. */
    private CompletableFuture<HttpResponse> sendAsync(HttpRequest request) {
        CompletableFuture<HttpResponse> result = new CompletableFuture<>();
        CivicEngine.Exchange handling;
        try {
            requireFakeAddress(request);
            if (request.expired()) {
                throw TransportException.notSent(TransportException.Kind.TIMEOUT, "deadline passed before sending", null);
            }
            handling = engine.accept(recorded(request));
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(failure);
        }
        Duration before = handling.delayBeforeProcessing();
        if (before.isZero()) {
            EngineResponse response = handling.respond();
            if (response.delay.isZero()) {
                deliver(response, result);
                return result;
            }
            guard(request, result);
            ScheduledFuture<?> delivery = timers.schedule(() -> deliver(response, result),
                    response.delay.toNanos(), TimeUnit.NANOSECONDS);
            result.whenComplete((reply, failure) -> delivery.cancel(false));
            return result;
        }
        guard(request, result);
        timers.schedule(() -> {
            EngineResponse response = handling.respond(); // processed even if the client gave up
            if (result.isDone()) {
                return;
            }
            if (response.delay.isZero()) {
                deliver(response, result);
            } else {
                timers.schedule(() -> deliver(response, result), response.delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        }, before.toNanos(), TimeUnit.NANOSECONDS);
        return result;
    }

    /** Fails the exchange when the request's deadline passes first. */
    private void guard(HttpRequest request, CompletableFuture<HttpResponse> result) {
        ScheduledFuture<?> timer = timers.schedule(() -> result.completeExceptionally(timedOut(request)),
                Math.max(0, request.remaining().toNanos()), TimeUnit.NANOSECONDS);
        result.whenComplete((reply, failure) -> timer.cancel(false));
    }

    private static void deliver(EngineResponse response, CompletableFuture<HttpResponse> result) {
        try {
            result.complete(reply(response));
        } catch (RuntimeException failure) {
            result.completeExceptionally(failure);
        }
    }

    private static TransportException timedOut(HttpRequest request) {
        return TransportException.maybeSent(TransportException.Kind.TIMEOUT,
                "timed out after " + request.timeout().toMillis() + " ms", null);
    }

    private static HttpResponse reply(EngineResponse response) {
        if (response.reset) {
            throw TransportException.maybeSent(TransportException.Kind.IO, "Connection reset", null);
        }
        Headers.Builder headers = Headers.builder();
        response.headers.forEach(headers::add);
        return HttpResponse.of(response.status, headers.build(), response.body.clone());
    }
}
