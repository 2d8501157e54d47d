package io.civicpass;

import io.civicpass.event.CivicPassListener;
import io.civicpass.port.TokenSource;
import io.civicpass.spi.Transport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link CivicPassClient} or a {@link CivicPassAsyncClient}. The configuration is
 * required; the transport is discovered on the classpath when not given.
 */
public final class ClientBuilder {

    private CivicPassConfig config;
    private Transport transport;
    private TokenSource tokenSource;
    private Clock clock;
    private final List<CivicPassListener> listeners = new ArrayList<>();

    ClientBuilder() {
    }

    /**
     * Adds a listener told of every call, attempt, token fetch and confirmation poll, for
     * metrics, traces or logs (see {@code civicpass-micrometer}). Listeners are told in the
     * order added; one that throws is logged and otherwise ignored.
     *
     * @param value the listener
     * @return this builder
     */
    public ClientBuilder listener(CivicPassListener value) {
        listeners.add(Objects.requireNonNull(value, "listener == null"));
        return this;
    }

    /**
     * Sets where and how to reach Civic.
     *
     * @param value the configuration
     * @return this builder
     */
    public ClientBuilder config(CivicPassConfig value) {
        this.config = Objects.requireNonNull(value, "config == null");
        return this;
    }

    /**
     * Sets the HTTP transport, for example {@code FeignTransport.create()}. Without one, the
     * single transport artifact on the classpath is used.
     *
     * @param value the transport
     * @return this builder
     */
    public ClientBuilder transport(Transport value) {
        this.transport = Objects.requireNonNull(value, "transport == null");
        return this;
    }

    /**
     * Replaces the transport's token requests with another source of tokens (one issued by a
     * gateway of your own, say). The client still caches what it returns.
     *
     * @param value the token source
     * @return this builder
     */
    public ClientBuilder tokenSource(TokenSource value) {
        this.tokenSource = Objects.requireNonNull(value, "tokenSource == null");
        return this;
    }

    /**
     * Sets the clock that judges token expiry and "in the future"; for tests.
     *
     * @param value the clock
     * @return this builder
     */
    public ClientBuilder clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock == null");
        return this;
    }

    /**
     * Builds a blocking client. It opens the transport's connection; close the client to
     * release it.
     *
     * @return the client
     * @throws IllegalArgumentException when no configuration was set
     * @throws IllegalStateException    when no transport was given or discovered
     */
    public CivicPassClient build() {
        return new CivicPassClient(ClientCore.create(config, transport, tokenSource, clock, listeners));
    }

    /**
     * Builds a non-blocking client.
     *
     * @return the client
     * @throws IllegalArgumentException when no configuration was set
     * @throws IllegalStateException    when no transport was given or discovered
     */
    public CivicPassAsyncClient buildAsync() {
        return new CivicPassAsyncClient(ClientCore.create(config, transport, tokenSource, clock, listeners));
    }
}
