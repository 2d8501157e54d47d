package io.civicpass;

import io.civicpass.event.CivicPassListener;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.TokenRequestStyle;
import io.civicpass.port.TokenSource;
import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.Scheduler;
import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportSettings;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the sync and async faces of one client share: connection, gateway, token cache, the call
 * engine and its two drivers. Each face's method is a line over {@link #call} or
 * {@link #callAsync} with a {@link CallPlan}.
 */
final class ClientCore implements AutoCloseable {

    /** Extra time a caller waits for another caller's token request beyond the request timeout. */
    private static final Duration TOKEN_WAIT_GRACE = Duration.ofSeconds(2);
    private static final System.Logger PASS_CHANGE_LOG = System.getLogger("io.civicpass");

    final CivicPassConfig config;
    final Clock clock;
    final TransportConnection connection;
    final HttpGateway gateway;
    final TokenCache tokens;
    final CallEngine engine;
    final BlockingDriver blocking;
    final AsyncDriver async;
    final Scheduler scheduler;
    final String userAgent;
    private final FaceAdapter adapter;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<PassChangeListener> passChangeListeners = new CopyOnWriteArrayList<>();

    private ClientCore(CivicPassConfig config, Transport transport, TokenSource tokenSource, Clock clock,
                       List<CivicPassListener> listeners) {
        Telemetry telemetry = new Telemetry(listeners, System::nanoTime);
        this.config = config;
        this.clock = clock;
        this.userAgent = Versions.userAgent(transport.name(), config.userAgentSuffix().orElse(null));
        TransportSettings.Builder settingsBuilder = TransportSettings.builder()
                .connectTimeout(config.connectTimeout())
                .requestTimeout(config.requestTimeout());
        config.proxy().ifPresent(settingsBuilder::proxy);
        config.tls().ifPresent(settingsBuilder::tls);
        TransportSettings settings = settingsBuilder.build();
        this.connection = transport.connect(settings);
        if (connection == null) {
            throw new IllegalStateException("transport " + transport.name() + " returned no connection");
        }
        HttpExchange blocking = connection.blocking().orElse(null);
        AsyncHttpExchange async = connection.async().orElse(null);
        if (blocking == null && async == null) {
            connection.close();
            throw new IllegalStateException("transport " + transport.name() + " offers neither a blocking nor a non-blocking exchange");
        }
        this.adapter = new FaceAdapter(blocking, async, settings.maxConnections());
        TokenRequest tokenRequest = TokenRequest.of(config.tokenUrl(), config.credentials(), config.tokenRequestStyle(),
                config.tokenRequestStyle() == TokenRequestStyle.JSON_BODY ? config.audience().orElse(null) : null);
        this.gateway = new HttpGateway(config.apiUrl(), tokenRequest, adapter.blocking(), adapter.async(), userAgent,
                config.requestTimeout(), clock);
        this.tokens = new TokenCache(tokenSource != null ? tokenSource : gateway, clock,
                config.tokenRefreshSkew(), config.requestTimeout().plus(TOKEN_WAIT_GRACE), tokenRequest.path(),
                telemetry);
        this.scheduler = connection.scheduler().orElse(SharedScheduler.instance());
        this.engine = new CallEngine(config.retryPolicy(), tokens, config.requestTimeout(), System::nanoTime,
                () -> ThreadLocalRandom.current().nextDouble(), tokenRequest.path(), telemetry, this::passChanged);
        this.blocking = new BlockingDriver(tokens, gateway, gateway, Sleeper.SYSTEM);
        this.async = new AsyncDriver(tokens, gateway, scheduler);
    }

    static ClientCore create(CivicPassConfig config, Transport transport, TokenSource tokenSource, Clock clock,
                             List<CivicPassListener> listeners) {
        if (config == null) {
            throw new NullPointerException("config == null: set one, for example CivicPassConfig.fromEnvironment()");
        }
        Transport chosen = transport != null ? transport
                : TransportDiscovery.discover(Thread.currentThread().getContextClassLoader());
        return new ClientCore(config, chosen, tokenSource, clock != null ? clock : Clock.systemUTC(),
                listeners != null ? List.copyOf(listeners) : List.of());
    }

    /** Runs one call on the caller's thread. */
    <R> R call(CallPlan<R> plan, CallOptions options) {
        ensureOpen();
        return blocking.run(engine.call(plan, options));
    }

    /** Starts one call; the stage completes after the listeners were told of its end. */
    <R> CompletableFuture<R> callAsync(CallPlan<R> plan, CallOptions options) {
        ensureOpen();
        return async.start(engine.call(plan, options));
    }

    /** Waits on the caller's thread until the pass is confirmed on chain. */
    Pass awaitConfirmed(PassKey key, Duration timeout, CallOptions options) {
        Inputs.key(key);
        Inputs.timeout(timeout, "timeout", Inputs.MAX_AWAIT);
        ensureOpen();
        return blocking.run(engine.confirmation(key, timeout, options));
    }

    /** Waits without blocking until the pass is confirmed on chain. */
    CompletableFuture<Pass> awaitConfirmedAsync(PassKey key, Duration timeout, CallOptions options) {
        Inputs.key(key);
        Inputs.timeout(timeout, "timeout", Inputs.MAX_AWAIT);
        ensureOpen();
        return async.start(engine.confirmation(key, timeout, options));
    }

    /** Registers a listener told of every change made through this client's faces and views. */
    PassChangeListener.Registration onPassChange(PassChangeListener listener) {
        if (listener == null) {
            throw new NullPointerException("listener == null");
        }
        passChangeListeners.add(listener);
        return () -> passChangeListeners.remove(listener);
    }

    /** Tells every registered listener of one change; a listener's exception never reaches the call. */
    void passChanged(PassChange change) {
        for (PassChangeListener listener : passChangeListeners) {
            try {
                listener.passChanged(change);
            } catch (RuntimeException e) {
                PASS_CHANGE_LOG.log(System.Logger.Level.WARNING,
                        "a Civic Pass change listener ({0}) threw {1}; the call goes on",
                        listener.getClass().getName(), e.getClass().getName());
            }
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this Civic Pass client is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                connection.close();
            } finally {
                adapter.close();
            }
        }
    }
}
