package io.civicpass.retrofit;

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
    private final CivicCalls calls;
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
        this.calls = new CivicCalls(retrofit.create(CivicHttpApi.class), context);
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
            return calls.token().execute();
        }

        @Override
        public CompletionStage<AccessToken> fetchAsync() {
            return calls.token().enqueue();
        }
    }

    private final class BlockingGateway implements PassGateway {
        @Override
        public Pass retrieve(AccessToken token, PassKey key) {
            return calls.retrieve(token, key).execute();
        }

        @Override
        public Pass issue(AccessToken token, PassKey key) {
            return calls.issue(token, key).execute();
        }

        @Override
        public void update(AccessToken token, PassKey key, PassUpdate update) {
            calls.update(token, key, update).execute();
        }

        @Override
        public void revoke(AccessToken token, PassKey key) {
            calls.revoke(token, key).execute();
        }

        @Override
        public Page<Pass> list(AccessToken token, PassQuery query) {
            return calls.list(token, query).execute();
        }

        @Override
        public PiiRequest pii(AccessToken token, String requestId) {
            return calls.pii(token, requestId).execute();
        }

        @Override
        public void decide(AccessToken token, String requestId, PiiDecision decision) {
            calls.decide(token, requestId, decision).execute();
        }

        @Override
        public Evidence download(AccessToken token, String path) {
            return calls.download(token, path).execute();
        }
    }

    private final class NonBlockingGateway implements AsyncPassGateway {
        @Override
        public CompletionStage<Pass> retrieve(AccessToken token, PassKey key) {
            return calls.retrieve(token, key).enqueue();
        }

        @Override
        public CompletionStage<Pass> issue(AccessToken token, PassKey key) {
            return calls.issue(token, key).enqueue();
        }

        @Override
        public CompletionStage<Void> update(AccessToken token, PassKey key, PassUpdate update) {
            return calls.update(token, key, update).enqueue();
        }

        @Override
        public CompletionStage<Void> revoke(AccessToken token, PassKey key) {
            return calls.revoke(token, key).enqueue();
        }

        @Override
        public CompletionStage<Page<Pass>> list(AccessToken token, PassQuery query) {
            return calls.list(token, query).enqueue();
        }

        @Override
        public CompletionStage<PiiRequest> pii(AccessToken token, String requestId) {
            return calls.pii(token, requestId).enqueue();
        }

        @Override
        public CompletionStage<Void> decide(AccessToken token, String requestId, PiiDecision decision) {
            return calls.decide(token, requestId, decision).enqueue();
        }

        @Override
        public CompletionStage<Evidence> download(AccessToken token, String path) {
            return calls.download(token, path).enqueue();
        }
    }
}
