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
import feign.Retryer;
import feign.Target;
import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's Feign proxies and the exchanges over them. Which faces it offers depends on what
 * was handed over:
 *
 * <ul>
 *   <li>nothing: the default {@link OwnedOkHttpClient}, created here and closed on
 *       {@link #close()}, serves both faces;</li>
 *   <li>a {@link Client} that is also an {@link AsyncClient}, or a client and an async client:
 *       both faces, over those;</li>
 *   <li>only an async client: the default client for the blocking face, the given one for the other;</li>
 *   <li>a blocking-only client: only the blocking face; core runs it on its own bounded pool for
 *       asynchronous calls.</li>
 * </ul>
 */
final class FeignConnection implements TransportConnection {

    private final AtomicBoolean closed = new AtomicBoolean();
    private final OwnedOkHttpClient ownedClient;
    private final HttpExchange blocking;
    private final AsyncHttpExchange async;

    FeignConnection(FeignTransport transport, TransportSettings settings) {
        Duration connectTimeout = transport.connectTimeout().orElse(settings.connectTimeout());
        Duration readCap = transport.readTimeout().orElse(null);

        Client userClient = transport.client().orElse(null);
        AsyncClient<Object> userAsyncClient = transport.asyncClient().orElse(null);
        boolean needsOwnClient = userClient == null;
        this.ownedClient = needsOwnClient ? OwnedOkHttpClient.create(settings, connectTimeout) : null;
        Credentials credentials = new Credentials();

        Client syncClient = userClient != null ? credentials.attachTo(userClient) : credentials.attachTo(ownedClient);
        AsyncClient<Object> asyncClient;
        boolean asyncTracksSending = false;
        if (userAsyncClient != null) {
            asyncClient = credentials.attachTo(userAsyncClient);
        } else if (userClient == null) {
            asyncClient = credentials.attachAsyncTo(ownedClient);
            asyncTracksSending = true;
        } else if (userClient instanceof AsyncClient) {
            @SuppressWarnings("unchecked") // the request context is always empty, so any context type will do
            AsyncClient<Object> both = (AsyncClient<Object>) userClient;
            asyncClient = credentials.attachTo(both);
        } else {
            asyncClient = null; // core adapts the blocking face
        }

        Request.Options defaults = new Request.Options(connectTimeout.toMillis(), TimeUnit.MILLISECONDS,
                settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS, false);
        // Feign's FULL level logs bodies as they come: client secrets, tokens and personal data for
        // sensitive requests, and the bearer token wherever an error body of Civic's echoes it.
        Logger.Level level = transport.logLevel() == Logger.Level.FULL ? Logger.Level.HEADERS : transport.logLevel();
        Logger.Level sensitiveLevel = level;

        BlockingHttp http = configure(Feign.builder(), transport, level, defaults, credentials)
                .client(syncClient)
                .target(Target.EmptyTarget.create(BlockingHttp.class));
        BlockingHttp sensitiveHttp = sensitiveLevel == level ? http
                : configure(Feign.builder(), transport, sensitiveLevel, defaults, credentials)
                        .client(syncClient)
                        .target(Target.EmptyTarget.create(BlockingHttp.class));
        this.blocking = new FeignExchange(http, sensitiveHttp, credentials, connectTimeout, readCap, closed::get);

        if (asyncClient == null) {
            this.async = null;
        } else {
            AsyncHttp httpAsync = configure(AsyncFeign.<Object>builder(), transport, level, defaults, credentials)
                    .client(asyncClient)
                    .target(Target.EmptyTarget.create(AsyncHttp.class));
            AsyncHttp sensitiveHttpAsync = sensitiveLevel == level ? httpAsync
                    : configure(AsyncFeign.<Object>builder(), transport, sensitiveLevel, defaults, credentials)
                            .client(asyncClient)
                            .target(Target.EmptyTarget.create(AsyncHttp.class));
            this.async = new FeignAsyncExchange(httpAsync, sensitiveHttpAsync, credentials, connectTimeout, readCap,
                    closed::get, asyncTracksSending);
        }
    }

    private static <B extends BaseBuilder<B, ?>> B configure(B builder, FeignTransport transport, Logger.Level level,
                                                            Request.Options options, Credentials credentials) {
        builder.options(options)
                // Core owns retries; a Feign retry would multiply its attempts or repeat an issue.
                .retryer(Retryer.NEVER_RETRY)
                .logger(transport.logger())
                .logLevel(level)
                .requestInterceptor(credentials.headers());
        // One by one: Feign's requestInterceptors(Iterable) replaces the ones already added.
        for (RequestInterceptor interceptor : transport.requestInterceptors()) {
            builder.requestInterceptor(interceptor);
        }
        for (Capability capability : transport.capabilities()) {
            builder.addCapability(capability);
        }
        return builder;
    }

    @Override
    public Optional<HttpExchange> blocking() {
        return Optional.of(blocking);
    }

    @Override
    public Optional<AsyncHttpExchange> async() {
        return Optional.ofNullable(async);
    }

    /**
     * Closes the default client, if this connection created one: cancels its calls, ends its
     * threads and closes its connections at once. A handed-over client stays open.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownedClient != null) {
            ownedClient.close();
        }
    }

    /** The default client, when this connection created one (for tests in this package). */
    OwnedOkHttpClient ownedClient() {
        return ownedClient;
    }

    @Override
    public String toString() {
        return "FeignConnection[" + (ownedClient != null ? "default client" : "handed-over client")
                + (async == null ? ", blocking only" : "") + (closed.get() ? ", closed" : "") + "]";
    }
}
