package io.civicpass;

import io.civicpass.internal.CallRunner;
import io.civicpass.internal.SharedScheduler;
import io.civicpass.internal.Sleeper;
import io.civicpass.internal.TokenCache;
import io.civicpass.internal.TransportDiscovery;
import io.civicpass.internal.Versions;
import io.civicpass.model.TokenRequestStyle;
import io.civicpass.port.AsyncPassGateway;
import io.civicpass.port.PassGateway;
import io.civicpass.port.Scheduler;
import io.civicpass.port.TokenSource;
import io.civicpass.port.Transport;
import io.civicpass.port.TransportConnection;
import io.civicpass.port.TransportContext;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/** What the sync and async facades of one client share: connection, token cache, retry runner. */
final class ClientCore implements AutoCloseable {

    /** Extra time a caller waits for another caller's token request beyond the request timeout. */
    private static final Duration TOKEN_WAIT_GRACE = Duration.ofSeconds(2);

    final CivicPassConfig config;
    final Clock clock;
    final TransportConnection connection;
    final PassGateway gateway;
    final AsyncPassGateway asyncGateway;
    final TokenCache tokens;
    final CallRunner runner;
    final Scheduler scheduler;
    final Sleeper sleeper;
    final String userAgent;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClientCore(CivicPassConfig config, Transport transport, TokenSource tokenSource, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.userAgent = Versions.userAgent(transport.name(), config.userAgentSuffix().orElse(null));
        TransportContext context = new TransportContext(config.apiUrl(), config.tokenUrl(), config.credentials(),
                config.tokenRequestStyle(),
                config.tokenRequestStyle() == TokenRequestStyle.JSON_BODY ? config.audience().orElse(null) : null,
                config.connectTimeout(), config.requestTimeout(), userAgent, clock);
        this.connection = transport.connect(context);
        this.gateway = connection.gateway();
        this.asyncGateway = connection.asyncGateway();
        String tokenPath = config.tokenUrl().getRawPath() == null ? "/" : config.tokenUrl().getRawPath();
        this.tokens = new TokenCache(tokenSource != null ? tokenSource : connection.tokenSource(), clock,
                config.tokenRefreshSkew(), config.requestTimeout().plus(TOKEN_WAIT_GRACE), tokenPath);
        this.scheduler = connection.scheduler().orElse(SharedScheduler.instance());
        this.sleeper = Sleeper.SYSTEM;
        this.runner = new CallRunner(config.retryPolicy(), tokens, config.requestTimeout(), sleeper, scheduler,
                System::nanoTime, () -> ThreadLocalRandom.current().nextDouble(), tokenPath);
    }

    static ClientCore create(CivicPassConfig config, Transport transport, TokenSource tokenSource, Clock clock) {
        if (config == null) {
            throw new IllegalArgumentException("config must be set, for example CivicPassConfig.fromEnvironment()");
        }
        Transport chosen = transport != null ? transport
                : TransportDiscovery.discover(Thread.currentThread().getContextClassLoader());
        return new ClientCore(config, chosen, tokenSource, clock != null ? clock : Clock.systemUTC());
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
            connection.close();
        }
    }
}
