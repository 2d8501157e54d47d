package io.civicpass.retrofit;

import io.civicpass.internal.ApiCall;
import io.civicpass.internal.AsyncExchangeGateway;
import io.civicpass.internal.ExchangeGateway;
import io.civicpass.model.AccessToken;
import io.civicpass.port.AsyncPassGateway;
import io.civicpass.port.PassGateway;
import io.civicpass.port.TokenSource;
import io.civicpass.port.TransportConnection;
import io.civicpass.port.TransportContext;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Retrofit;

/**
 * The token source and gateways of one client, over one Retrofit instance and the OkHttp client
 * derived for it. Blocking calls use {@code Call.execute()}; non-blocking ones
 * {@code Call.enqueue}, so no thread waits for a response. Callbacks run directly on OkHttp's
 * dispatcher thread (Retrofit would otherwise post them to Android's main thread).
 */
final class RetrofitConnection implements TransportConnection {

    private final OkHttpClient client;
    private final boolean ownsClient;
    private final Exchanges exchanges;
    private final TokenSource tokenSource = new Tokens();
    private final PassGateway gateway = new BlockingGateway();
    private final AsyncPassGateway asyncGateway = new NonBlockingGateway();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param client     the client to send with, already configured for this context
     * @param ownsClient whether the transport built the client (and so shuts it down on close)
     * @param context    the client's settings
     */
    RetrofitConnection(OkHttpClient client, boolean ownsClient, TransportContext context) {
        this.client = client;
        this.ownsClient = ownsClient;
        Retrofit retrofit = new Retrofit.Builder()
                .baseUrl(HttpUrl.get(context.apiUrl() + "/"))
                .client(client)
                .callbackExecutor(Runnable::run)
                .validateEagerly(true)
                .build();
        this.exchanges = new Exchanges(retrofit.create(CivicHttpApi.class), context);
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

    /**
     * Shuts down the dispatcher threads and idle connections of a client the transport built;
     * a client the user supplied is left exactly as it was (its pool and dispatcher are shared
     * with the user's other calls).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || !ownsClient) {
            return;
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** The OkHttp client this connection sends with (for tests in this package). */
    OkHttpClient okHttpClient() {
        return client;
    }

    @Override
    public String toString() {
        return "RetrofitConnection[ownsClient=" + ownsClient + ", closed=" + closed.get() + "]";
    }

    /** One token request per call; core caches. */
    private final class Tokens implements TokenSource {
        @Override
        public AccessToken fetch() {
            return exchanges.token().execute();
        }

        @Override
        public CompletionStage<AccessToken> fetchAsync() {
            return exchanges.token().enqueue();
        }
    }

    /** Every operation is one blocking exchange of the call core describes. */
    private final class BlockingGateway extends ExchangeGateway {
        @Override
        protected <T> T exchange(AccessToken token, ApiCall<T> call) {
            return exchanges.api(token, call).execute();
        }
    }

    /** Every operation is one exchange of the call core describes, enqueued on OkHttp's dispatcher. */
    private final class NonBlockingGateway extends AsyncExchangeGateway {
        @Override
        protected <T> CompletionStage<T> exchange(AccessToken token, ApiCall<T> call) {
            return exchanges.api(token, call).enqueue();
        }
    }
}
