package io.civicpass.retrofit;

import io.civicpass.okhttp.OkHttpClients;
import io.civicpass.okhttp.OkHttpFailures;
import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.TransportConnection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Retrofit;

/**
 * The two exchanges of one client, over one Retrofit instance and the OkHttp client derived for
 * it. Retrofit's base URL is a placeholder: every call passes core's complete URL.
 */
final class RetrofitConnection implements TransportConnection {

    /** Never contacted: every call's {@code @Url} is absolute. */
    private static final HttpUrl PLACEHOLDER_BASE = HttpUrl.get("http://localhost/");

    private final OkHttpClient client;
    private final boolean ownsClient;
    private final HttpExchange blocking;
    private final AsyncHttpExchange async;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param client       the client to send with, already configured
     * @param ownsClient   whether the transport built the client (and so shuts it down on close)
     * @param applyTimeout whether each call's OkHttp timeout is set from its request
     */
    RetrofitConnection(OkHttpClient client, boolean ownsClient, boolean applyTimeout) {
        this.client = client;
        this.ownsClient = ownsClient;
        Retrofit retrofit = new Retrofit.Builder()
                .baseUrl(PLACEHOLDER_BASE)
                .client(client)
                .callbackExecutor(Runnable::run) // on OkHttp's thread; Retrofit would post to Android's main thread
                .validateEagerly(true)
                .build();
        Calls calls = new Calls(retrofit.create(HttpApi.class), applyTimeout);
        this.blocking = new BlockingExchange(calls, this);
        this.async = new AsyncExchange(calls, this);
    }

    @Override
    public Optional<HttpExchange> blocking() {
        return Optional.of(blocking);
    }

    @Override
    public Optional<AsyncHttpExchange> async() {
        return Optional.of(async);
    }

    /**
     * Releases a client the transport built: cancels its calls still running, shuts its
     * dispatcher's threads down and evicts its pooled connections. A client the user supplied
     * is left exactly as it was (its pool and dispatcher serve the user's other calls).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || !ownsClient) {
            return;
        }
        OkHttpClients.close(client);
    }

    /** Refuses new exchanges once closed. */
    void ensureOpen() {
        if (closed.get()) {
            throw OkHttpFailures.connectionClosed();
        }
    }

    /** The OkHttp client this connection sends with (for tests in this package). */
    OkHttpClient okHttpClient() {
        return client;
    }

    @Override
    public String toString() {
        return "RetrofitConnection[ownsClient=" + ownsClient + ", closed=" + closed.get() + "]";
    }
}
