package io.civicpass.vertx;

import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.Headers;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.ProxySettings;
import io.civicpass.spi.TransportException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.ext.web.client.spi.CookieStore;
import io.netty.handler.codec.http.cookie.Cookie;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends each SPI request as one Web Client request, bounded by the request's deadline from the
 * moment it is handed over: waiting for a pooled connection included. The one place this
 * transport touches the network.
 *
 * <p>A request is written only if its deadline has not passed when the pool hands it a
 * connection: the Web Client's {@link ClientPhase#SEND_REQUEST} phase (connection obtained,
 * nothing written yet) goes through {@link #intercept}, which fails a request that expired or
 * was abandoned (timer fired, future cancelled) meanwhile, so it is never sent. The per-request
 * {@code connectTimeout} (Vert.x's bound on obtaining a connection from the pool) and
 * {@code idleTimeout} are both set to what is left of the deadline when the request is handed
 * over; a timer of our own ends the exchange at the deadline whatever Vert.x does (for a blocking
 * caller, its own timed wait does, see {@link VertxBlockingExchange}).
 */
final class VertxAsyncExchange implements AsyncHttpExchange {

    /** Keeps no cookies: the private session view must not add any state of its own. */
    private static final CookieStore NO_COOKIES = new CookieStore() {
        @Override
        public Iterable<Cookie> get(Boolean ssl, String domain, String path) {
            return List.of();
        }

        @Override
        public CookieStore put(Cookie cookie) {
            return this;
        }

        @Override
        public CookieStore remove(Cookie cookie) {
            return this;
        }
    };

    /** The timers that bound the exchanges; its own context is where off-loop callers start theirs. */
    private final VertxScheduler timers;
    private final WebClient client;
    /** The exchanges whose Web Client request has been started and not finished, by request. */
    private final Map<io.vertx.ext.web.client.HttpRequest<?>, Exchange> started = new ConcurrentHashMap<>();
    private volatile boolean closed;
    /** The proxy, as Vert.x takes it; null to connect directly. */
    private final ProxyOptions proxyOptions;
    /** The settings it came from, for the no-proxy list; null to connect directly. */
    private final ProxySettings proxy;

    /**
     * @param timers    the timers that bound the exchanges
     * @param base      the Web Client to send through
     * @param ownsBase  whether the transport created {@code base}: {@link #intercept} is then
     *                  installed on it directly; on a user's client it is installed on a private
     *                  view (a session without cookies sharing its connection pool, options and
     *                  interceptors), so the user's client itself is left unchanged
     * @param proxy     the proxy to send each request through unless its host is on the no-proxy
     *                  list, or null to connect directly
     */
    VertxAsyncExchange(VertxScheduler timers, WebClient base, boolean ownsBase, ProxySettings proxy) {
        this.proxy = proxy;
        this.proxyOptions = proxy == null ? null : proxyOptions(proxy);
        this.timers = timers;
        // A session's own interceptor runs in every phase of every request: only where it is needed.
        this.client = ownsBase ? base.addInterceptor(this::intercept)
                : WebClientSession.create(base, NO_COOKIES).addInterceptor(this::intercept);
    }

    @Override
    public CompletableFuture<HttpResponse> execute(HttpRequest request) {
        return start(request, true).result;
    }

    /** No new exchange starts after this; those in flight end as the Web Client ends them. */
    void close() {
        closed = true;
    }

    /**
     * Starts one exchange. Its future completes on a Vert.x thread, with the response or a
     * {@link TransportException}; it is never completed by throwing. Callers on a worker or
     * virtual-thread context (whose next task cannot run while the caller waits, as a blocking
     * caller does) have the exchange started on an event-loop context of the transport's own,
     * so its completion never waits for the caller's context.
     *
     * @param request  the request
     * @param armTimer whether a Vert.x timer ends the exchange at the deadline; a blocking caller
     *                 passes false and ends it itself when its timed wait runs out (see
     *                 {@link Exchange#deadlinePassed}), which saves arming a timer on an event
     *                 loop from another thread, and waking that loop, for every call
     */
    Exchange start(HttpRequest request, boolean armTimer) {
        Exchange exchange = new Exchange(request);
        if (closed) {
            exchange.result.completeExceptionally(
                    TransportException.notSent(TransportException.Kind.CONNECT, "the Vert.x transport connection is closed", null));
            return exchange;
        }
        if (request.expired()) {
            exchange.result.completeExceptionally(TransportException.notSent(TransportException.Kind.TIMEOUT,
                    "the request's deadline passed before it was handed to the transport", null));
            return exchange;
        }
        if (armTimer) {
            try {
                long timer = timers.setTimer(millisLeft(request), fired -> exchange.deadlinePassed());
                exchange.result.whenComplete((response, failure) -> timers.cancelTimer(timer));
            } catch (RuntimeException refused) { // a closed Vert.x instance refuses timers
                exchange.result.completeExceptionally(
                        TransportException.notSent(TransportException.Kind.CONNECT, "the Vert.x instance is closed", refused));
                return exchange;
            }
        }
        Context current = Vertx.currentContext();
        Context offLoopContext = timers.ownContext(); // where callers on worker or virtual-thread contexts start theirs
        if (current == null || current.isEventLoopContext() || offLoopContext == null) {
            send(exchange);
        } else {
            offLoopContext.runOnContext(ignored -> send(exchange));
        }
        return exchange;
    }

    private void send(Exchange exchange) {
        if (exchange.result.isDone()) {
            return; // abandoned before it was started
        }
        HttpRequest request = exchange.request;
        try {
            long left = millisLeft(request);
            io.vertx.ext.web.client.HttpRequest<Buffer> http = client
                    .requestAbs(HttpMethod.valueOf(request.method().name()), request.uri().toString())
                    .followRedirects(false) // a redirect could carry the bearer token to another host
                    .connectTimeout(left) // the wait for a pooled connection, the TCP connect included
                    .idleTimeout(left);
            String host = request.uri().getHost();
            if (proxyOptions != null && (host == null || !proxy.bypasses(host))) {
                http.proxy(proxyOptions);
            }
            for (Map.Entry<String, List<String>> field : request.headers().asMap().entrySet()) {
                http.putHeader(field.getKey(), field.getValue());
            }
            started.put(http, exchange);
            Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent =
                    request.hasBody() ? http.sendBuffer(Buffer.buffer(request.body())) : http.send();
            sent.onComplete(done -> {
                started.remove(http);
                if (done.succeeded()) {
                    exchange.answered(done.result());
                } else {
                    exchange.failed(done.cause());
                }
            });
        } catch (RuntimeException refused) { // a closed client refuses to start
            // Not carried as the cause: a refusal's message may quote the URL, query included.
            exchange.result.completeExceptionally(TransportException.notSent(TransportException.Kind.CONNECT,
                    "the Vert.x Web Client refused the request to " + origin(request.uri()) + ": "
                            + refused.getClass().getSimpleName(), null));
        }
    }

    /**
     * The Web Client interceptor: at {@link ClientPhase#SEND_REQUEST} a connection has been
     * obtained and nothing written; a request whose deadline passed (or that was abandoned)
     * meanwhile is failed there, which resets the unwritten request and releases the connection.
     */
    void intercept(HttpContext<?> context) {
        if (context.phase() == ClientPhase.SEND_REQUEST) {
            Exchange exchange = started.get(context.request());
            if (exchange != null) {
                // Failures reach the exchange through the Web Client's future; a reset of ours
                // (refused here, or abandoned later) is nothing for Vert.x to log.
                context.clientRequest().exceptionHandler(ignored -> { });
            }
            if (exchange != null && !exchange.mayWrite(context.clientRequest())) {
                context.fail(TransportException.notSent(TransportException.Kind.TIMEOUT,
                        "the request's deadline passed while it waited for a pooled connection to "
                                + origin(exchange.request.uri()) + "; it was not sent", null));
                return;
            }
        }
        context.next();
    }

    private static ProxyOptions proxyOptions(ProxySettings proxy) {
        ProxyOptions options = new ProxyOptions().setType(ProxyType.HTTP).setHost(proxy.host()).setPort(proxy.port());
        proxy.username().ifPresent(options::setUsername);
        proxy.password().ifPresent(options::setPassword);
        return options;
    }

    /** Whole milliseconds left of the deadline, rounded up, at least one. */
    private static long millisLeft(HttpRequest request) {
        long nanos = request.remaining().toNanos();
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    /** {@code scheme://host:port} only: never the path's identifiers or the query. */
    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** One request on its way: whether it was written, and its future. */
    static final class Exchange {

        private static final int QUEUED = 0;
        private static final int WRITTEN = 1;
        private static final int ABANDONED = 2;

        final HttpRequest request;
        final ExchangeFuture result = new ExchangeFuture(this);
        /** QUEUED until the interceptor lets the request be written, or until it is abandoned first. */
        private final AtomicInteger phase = new AtomicInteger(QUEUED);
        /** The Web Client's request once it may be written; reset when the exchange is abandoned. */
        private volatile HttpClientRequest wire;
        /** The context the Web Client runs the request on, once it may be written. */
        private volatile Context context;

        Exchange(HttpRequest request) {
            this.request = request;
        }

        /** Whether the request may be written now; if not, it never will be. */
        boolean mayWrite(HttpClientRequest clientRequest) {
            if (request.expired()) {
                phase.compareAndSet(QUEUED, ABANDONED);
                return false;
            }
            context = Vertx.currentContext(); // the context the Web Client runs this request on
            wire = clientRequest; // before the flip, so an abandon that loses the race still sees it
            if (!phase.compareAndSet(QUEUED, WRITTEN)) {
                wire = null;
                return false;
            }
            clientRequest.idleTimeout(Math.max(1, (request.remaining().toNanos() + 999_999) / 1_000_000));
            return true;
        }

        /**
         * Gives up on the exchange (deadline, cancellation, a blocking caller's wait): a request
         * not yet written never will be; one written is reset, which releases its connection.
         * Complete the future before calling this: the reset fails the Web Client's request,
         * whose failure must not be what the caller sees.
         *
         * @return whether the request may have been written
         */
        boolean abandon() {
            if (!markAbandoned()) {
                return false;
            }
            HttpClientRequest written = wire;
            if (written != null) {
                Context on = context;
                if (on != null) {
                    on.runOnContext(ignored -> reset(written));
                } else {
                    reset(written);
                }
            }
            return true;
        }

        /**
         * Stops a request not yet written from ever being written.
         *
         * @return whether it may have been written
         */
        boolean mayHaveBeenWritten() {
            return markAbandoned();
        }

        /** Stops a request not yet written from ever being written; returns whether it may have been. */
        private boolean markAbandoned() {
            return !phase.compareAndSet(QUEUED, ABANDONED) && phase.get() == WRITTEN;
        }

        private static void reset(HttpClientRequest request) {
            request.reset(); // does nothing once the response has ended
        }

        void deadlinePassed() {
            if (result.isDone()) {
                return;
            }
            boolean written = markAbandoned();
            result.completeExceptionally(written
                    ? TransportException.maybeSent(TransportException.Kind.TIMEOUT,
                            "no complete response from " + origin(request.uri()) + " within the request's deadline", null)
                    : TransportException.notSent(TransportException.Kind.TIMEOUT,
                            "the request's deadline passed while it waited for a pooled connection to "
                                    + origin(request.uri()) + "; it was not sent", null));
            abandon(); // resets a written request, now that its future tells the timeout
        }

        void answered(io.vertx.ext.web.client.HttpResponse<Buffer> response) {
            try {
                Buffer body = response.bodyAsBuffer();
                result.complete(HttpResponse.of(response.statusCode(), headers(response.headers()),
                        body == null ? null : body.getBytes()));
            } catch (RuntimeException unusable) { // a status outside 100 to 599
                result.completeExceptionally(TransportException.maybeSent(TransportException.Kind.IO,
                        "unusable response from " + origin(request.uri()) + ": " + unusable.getClass().getSimpleName(), null));
            }
        }

        void failed(Throwable cause) {
            result.completeExceptionally(classify(cause));
        }

        /**
         * A Web Client failure as the SPI reports it. Before the interceptor let the request be
         * written, nothing was sent: a pool-wait timeout is a {@code TIMEOUT}, anything else (refused,
         * unknown host, TLS handshake, TCP connect timeout, closed client) a {@code CONNECT}.
         * After, it may have been sent. Vert.x's timeout messages quote the request line, so
         * they are not carried over.
         */
        private TransportException classify(Throwable cause) {
            if (cause instanceof TransportException) {
                return (TransportException) cause;
            }
            String where = origin(request.uri());
            if (phase.get() != WRITTEN) {
                if (cause instanceof TimeoutException) {
                    return TransportException.notSent(TransportException.Kind.TIMEOUT,
                            "no pooled connection to " + where + " within the request's deadline; it was not sent", null);
                }
                return TransportException.notSent(TransportException.Kind.CONNECT,
                        "could not connect to " + where + ": " + cause.getClass().getSimpleName(), cause);
            }
            if (cause instanceof TimeoutException) {
                return TransportException.maybeSent(TransportException.Kind.TIMEOUT,
                        "no complete response from " + where + " within the request's deadline", null);
            }
            return TransportException.maybeSent(TransportException.Kind.IO,
                    "the connection to " + where + " failed during the exchange: " + cause.getClass().getSimpleName(), cause);
        }

        private static Headers headers(MultiMap fields) {
            Headers.Builder builder = Headers.builder();
            for (Map.Entry<String, String> field : fields) {
                builder.add(field.getKey(), field.getValue());
            }
            return builder.build();
        }
    }

    /** The exchange's future: cancelling it abandons the exchange. */
    static final class ExchangeFuture extends CompletableFuture<HttpResponse> {

        private final Exchange exchange;

        ExchangeFuture(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                exchange.abandon();
            }
            return cancelled;
        }
    }
}
