package io.civicpass.testkit.tck;

import static io.civicpass.testkit.tck.TransportContract.CONFIRMATION_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.ClientBuilder;
import io.civicpass.event.CivicPassListener;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiRequest;
import io.civicpass.spi.Transport;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.RecordedRequest;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.testkit.tck.TransportContract.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Named;

/**
 * What the contract's groups share, one per {@link TransportContract} instance: the fake, the
 * clients built for a test (closed after it), distinct wallets, and the failures a test provoked
 * (checked after it for secrets).
 */
final class ContractHarness {

    private final TransportContract contract;
    private final List<AutoCloseable> clients = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger wallets = new AtomicInteger();

    /**
     * A harness for one contract instance.
     *
     * @param contract the contract whose transport and fake the harness uses
     */
    ContractHarness(TransportContract contract) {
        this.contract = contract;
    }

    /**
     * The fake of the test class, started before its first test.
     *
     * @return the running fake
     */
    FakeCivic fake() {
        return contract.fake();
    }

    /**
     * A new transport under test.
     *
     * @return the transport
     */
    Transport createTransport() {
        return contract.createTransport();
    }

    /**
     * Whether the transport under test applies the configuration's proxy and TLS settings.
     *
     * @return what the contract says
     */
    boolean appliesProxyAndTlsSettings() {
        return contract.appliesProxyAndTlsSettings();
    }

    /**
     * The transport under test with the most verbose logging it offers.
     *
     * @return the transport
     */
    Transport createLoggingTransport() {
        return contract.createLoggingTransport();
    }

    /**
     * Whether a thread belongs to something the test class shares among its clients.
     *
     * @param thread the thread
     * @return true when closing a client need not end it
     */
    boolean sharedThread(Thread thread) {
        return contract.sharedThread(thread);
    }

    /**
     * Every bearer token the fake has seen since the last reset.
     *
     * @return the tokens
     */
    Set<String> bearerTokens() {
        Set<String> tokens = new HashSet<>();
        for (RecordedRequest request : fake().journal().all()) {
            request.header("Authorization").filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                    .map(value -> value.substring(7).trim()).ifPresent(tokens::add);
        }
        return tokens;
    }

    /** Resets the fake and forgets the failures of the previous test. */
    void reset() {
        fake().reset();
        failures.clear();
    }

    /**
     * Closes the test's clients and checks that no failure it provoked shows the client secret or
     * an access token.
     *
     * @throws Exception when a client fails to close
     */
    void closeClientsAndCheckSecrets() throws Exception {
        List<AutoCloseable> open;
        synchronized (clients) {
            open = new ArrayList<>(clients);
            clients.clear();
        }
        for (AutoCloseable client : open) {
            client.close();
        }
        Set<String> secrets = bearerTokens();
        secrets.add(CivicPassConfig.SANDBOX_CREDENTIALS.clientSecret());
        synchronized (failures) {
            for (Throwable failure : failures) {
                assertNoSecretIn(failure, secrets);
            }
        }
    }

    /**
     * A blocking client over a new transport, configured for the fake (fast retries, the fake's
     * clock) and tuned; closed after the test.
     *
     * @param tune changes to the configuration
     * @return the client
     */
    CivicPassClient syncClient(UnaryOperator<CivicPassConfig.Builder> tune) {
        return syncClient(createTransport(), tune);
    }

    /**
     * As {@link #syncClient(UnaryOperator)}, with listeners.
     *
     * @param tune     changes to the configuration
     * @param listeners the listeners, each added to the client builder
     * @return the client
     */
    CivicPassClient syncClient(UnaryOperator<CivicPassConfig.Builder> tune, CivicPassListener... listeners) {
        return syncClient(createTransport(), tune, listeners);
    }

    /**
     * A blocking client like {@link #syncClient(UnaryOperator)}, over a transport of the test's.
     *
     * @param transport the transport
     * @param tune changes to the configuration
     * @param listeners the listeners, each added to the client builder
     * @return the client
     */
    CivicPassClient syncClient(Transport transport, UnaryOperator<CivicPassConfig.Builder> tune,
                               CivicPassListener... listeners) {
        CivicPassClient client = builder(transport, tune, listeners).build();
        clients.add(client);
        return client;
    }

    /**
     * A non-blocking client over a new transport, configured like {@link #syncClient}.
     *
     * @param tune changes to the configuration
     * @return the client
     */
    CivicPassAsyncClient asyncClient(UnaryOperator<CivicPassConfig.Builder> tune) {
        return asyncClient(createTransport(), tune);
    }

    /**
     * As {@link #asyncClient(UnaryOperator)}, with listeners.
     *
     * @param tune     changes to the configuration
     * @param listeners the listeners, each added to the client builder
     * @return the client
     */
    CivicPassAsyncClient asyncClient(UnaryOperator<CivicPassConfig.Builder> tune, CivicPassListener... listeners) {
        return asyncClient(createTransport(), tune, listeners);
    }

    /**
     * A non-blocking client like {@link #asyncClient(UnaryOperator)}, over a transport of the test's.
     *
     * @param transport the transport
     * @param tune changes to the configuration
     * @param listeners the listeners, each added to the client builder
     * @return the client
     */
    CivicPassAsyncClient asyncClient(Transport transport, UnaryOperator<CivicPassConfig.Builder> tune,
                                     CivicPassListener... listeners) {
        CivicPassAsyncClient client = builder(transport, tune, listeners).buildAsync();
        clients.add(client);
        return client;
    }

    private ClientBuilder builder(Transport transport, UnaryOperator<CivicPassConfig.Builder> tune,
                                  CivicPassListener... listeners) {
        ClientBuilder builder = CivicPassClient.builder().config(config(tune)).transport(transport)
                .clock(fake().clock());
        for (CivicPassListener listener : listeners) {
            builder.listener(listener);
        }
        return builder;
    }

    private CivicPassConfig config(UnaryOperator<CivicPassConfig.Builder> tune) {
        return tune.apply(fake().configBuilder()
                .retryPolicy(FakeCivic.fastRetryPolicy())
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(5))).build();
    }

    /**
     * The calls of a client of one face, built like {@link #syncClient} or {@link #asyncClient}.
     *
     * @param mode the client face
     * @param tune changes to the configuration
     * @return the calls
     */
    Calls calls(Mode mode, UnaryOperator<CivicPassConfig.Builder> tune) {
        return callsOver(mode, createTransport(), tune);
    }

    /**
     * As {@link #calls(Mode, UnaryOperator)}, with listeners.
     *
     * @param mode     the client face
     * @param tune     changes to the configuration
     * @param listeners the listeners, each added to the client builder
     * @return the calls
     */
    Calls calls(Mode mode, UnaryOperator<CivicPassConfig.Builder> tune, CivicPassListener... listeners) {
        return callsOver(mode, createTransport(), tune, listeners);
    }

    /**
     * The calls of a client of one face over a transport of the test's.
     *
     * @param mode the client face
     * @param transport the transport
     * @param tune changes to the configuration
     * @return the calls
     */
    Calls calls(Mode mode, Transport transport, UnaryOperator<CivicPassConfig.Builder> tune) {
        return callsOver(mode, transport, tune);
    }

    private Calls callsOver(Mode mode, Transport transport, UnaryOperator<CivicPassConfig.Builder> tune,
                            CivicPassListener... listeners) {
        return switch (mode) {
            case SYNC -> new SyncCalls(syncClient(transport, tune, listeners));
            case ASYNC -> new AsyncCalls(asyncClient(transport, tune, listeners));
            case ADAPTED -> new AdaptedCalls(adaptedFace().over(asyncClient(transport, tune, listeners)));
        };
    }

    /**
     * The faces the tests that run on each face run through: the blocking and the non-blocking
     * client, and the test class's adapted face where it offers one (named after it).
     *
     * @return the arguments, one per face
     */
    List<Object> faces() {
        List<Object> faces = new ArrayList<>(List.of(Mode.SYNC, Mode.ASYNC));
        contract.adaptedFace().ifPresent(face -> faces.add(Named.of(face.name(), Mode.ADAPTED)));
        return faces;
    }

    /**
     * The faces that hand back stages: the non-blocking client, and the test class's adapted face
     * where it offers one.
     *
     * @return the arguments, one per face
     */
    List<Object> nonBlockingFaces() {
        List<Object> faces = faces();
        faces.remove(Mode.SYNC);
        return faces;
    }

    /**
     * A non-blocking client of the suite's, seen through a non-blocking face, for the tests that
     * hold the stages themselves.
     *
     * @param mode {@link Mode#ASYNC} for the client's own stages, {@link Mode#ADAPTED} for the
     *             adapted face over it
     * @param client the client, built by the harness
     * @return the calls, handing back stages
     */
    AdaptedFace.Calls stages(Mode mode, CivicPassAsyncClient client) {
        return switch (mode) {
            case ASYNC -> new ClientStages(client);
            case ADAPTED -> adaptedFace().over(client);
            case SYNC -> throw new IllegalArgumentException("the blocking face hands back no stages");
        };
    }

    private AdaptedFace adaptedFace() {
        return contract.adaptedFace().orElseThrow(() ->
                new IllegalStateException("the test class offers no adapted face"));
    }

    /**
     * A new valid EVM wallet address, lower case, distinct within the test class.
     *
     * @return the address
     */
    String nextEvmWallet() {
        return String.format(Locale.ROOT, "0x%040x", 0xC1C0000000L + wallets.incrementAndGet());
    }

    /**
     * Seeds passes on Sepolia, in order; every third one, from the second, frozen.
     *
     * @param count how many
     * @return their keys, in creation order
     */
    List<PassKey> seedPasses(int count) {
        List<PassKey> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
            fake().seedPass(key, i % 3 == 1 ? PassState.FROZEN : PassState.ACTIVE);
            keys.add(key);
        }
        return keys;
    }

    /**
     * Waits, with a bound, until the fake has received a number of matching requests.
     *
     * @param matcher the requests
     * @param count how many
     */
    void awaitRequests(RequestMatcher matcher, int count) {
        assertThat(Waits.until(CONFIRMATION_TIMEOUT, () -> fake().journal().count(matcher) >= count))
                .as("%d requests %s received within %s", count, matcher, CONFIRMATION_TIMEOUT).isTrue();
    }

    /**
     * Runs a call that must fail with a type, keeps the failure for the secrets check.
     *
     * @param <T> the type
     * @param type the type the failure must have
     * @param call the call
     * @return the failure
     */
    <T extends Throwable> T expect(Class<T> type, Runnable call) {
        Throwable failure = catchThrowable(call::run);
        record(failure);
        assertThat(failure).isInstanceOf(type);
        return type.cast(failure);
    }

    /**
     * Keeps a failure for the secrets check after the test.
     *
     * @param failure the failure, or {@code null} for none
     */
    void record(Throwable failure) {
        if (failure != null) {
            failures.add(failure);
        }
    }

    private static void assertNoSecretIn(Throwable failure, Set<String> secrets) {
        Set<Throwable> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>(List.of(failure));
        while (!todo.isEmpty()) {
            Throwable current = todo.remove(todo.size() - 1);
            if (current == null || !seen.add(current)) {
                continue;
            }
            String text = current + " " + current.getMessage();
            for (String secret : secrets) {
                assertThat(text).as("failure text of %s", current.getClass().getName())
                        .doesNotContain(secret);
            }
            todo.add(current.getCause());
            todo.addAll(List.of(current.getSuppressed()));
        }
    }

    /** The calls the tests make, through either client face. */
    interface Calls {
        Pass issue(PassKey key);

        Optional<Pass> find(PassKey key);

        Pass get(PassKey key);

        void freeze(PassKey key);

        void unfreeze(PassKey key);

        void expireAt(PassKey key, Instant expiry);

        void forceRefresh(PassKey key);

        void revoke(PassKey key);

        Page<Pass> list(PassQuery query);

        Pass awaitConfirmed(PassKey key, Duration timeout);

        PiiRequest pii(String id);

        void approvePii(String id);

        void rejectPii(String id);

        Evidence evidence(String id, String name);

        Evidence evidence(PiiLink link);
    }

    record SyncCalls(CivicPassClient client) implements Calls {
        public Pass issue(PassKey key) {
            return client.issue(key);
        }

        public Optional<Pass> find(PassKey key) {
            return client.find(key);
        }

        public Pass get(PassKey key) {
            return client.get(key);
        }

        public void freeze(PassKey key) {
            client.freeze(key);
        }

        public void unfreeze(PassKey key) {
            client.unfreeze(key);
        }

        public void expireAt(PassKey key, Instant expiry) {
            client.expireAt(key, expiry);
        }

        public void forceRefresh(PassKey key) {
            client.forceRefresh(key);
        }

        public void revoke(PassKey key) {
            client.revoke(key);
        }

        public Page<Pass> list(PassQuery query) {
            return client.list(query);
        }

        public Pass awaitConfirmed(PassKey key, Duration timeout) {
            return client.awaitConfirmed(key, timeout);
        }

        public PiiRequest pii(String id) {
            return client.pii(id);
        }

        public void approvePii(String id) {
            client.approvePii(id);
        }

        public void rejectPii(String id) {
            client.rejectPii(id);
        }

        public Evidence evidence(String id, String name) {
            return client.evidence(id, name);
        }

        public Evidence evidence(PiiLink link) {
            return client.evidence(link);
        }
    }

    /**
     * Calls made through stages: each waits for its stage with {@link #await}, which decides how
     * a failure is rethrown; the two faces that hand back stages differ only there.
     */
    interface StageCalls extends Calls {
        /** The stages the calls wait for. */
        AdaptedFace.Calls stages();

        /** Waits for a stage, with a bound, and rethrows its failure as this face's users see it. */
        <T> T await(CompletionStage<T> stage);

        default Pass issue(PassKey key) {
            return await(stages().issue(key));
        }

        default Optional<Pass> find(PassKey key) {
            return await(stages().find(key));
        }

        default Pass get(PassKey key) {
            return await(stages().get(key));
        }

        default void freeze(PassKey key) {
            await(stages().freeze(key));
        }

        default void unfreeze(PassKey key) {
            await(stages().unfreeze(key));
        }

        default void expireAt(PassKey key, Instant expiry) {
            await(stages().expireAt(key, expiry));
        }

        default void forceRefresh(PassKey key) {
            await(stages().forceRefresh(key));
        }

        default void revoke(PassKey key) {
            await(stages().revoke(key));
        }

        default Page<Pass> list(PassQuery query) {
            return await(stages().list(query));
        }

        default Pass awaitConfirmed(PassKey key, Duration timeout) {
            return await(stages().awaitConfirmed(key, timeout));
        }

        default PiiRequest pii(String id) {
            return await(stages().pii(id));
        }

        default void approvePii(String id) {
            await(stages().approvePii(id));
        }

        default void rejectPii(String id) {
            await(stages().rejectPii(id));
        }

        default Evidence evidence(String id, String name) {
            return await(stages().evidence(id, name));
        }

        default Evidence evidence(PiiLink link) {
            return await(stages().evidence(link));
        }
    }

    /**
     * The calls through the test class's adapted face: waits for each stage, with a bound, and
     * rethrows exactly the exception it failed with, so that a face delivering a failure wrapped
     * (or otherwise unlike the client's own faces) fails the test.
     */
    record AdaptedCalls(AdaptedFace.Calls face) implements StageCalls {
        @Override
        public AdaptedFace.Calls stages() {
            return face;
        }

        @Override
        public <T> T await(CompletionStage<T> stage) {
            return join(stage);
        }

        /** What a stage settled with. */
        private record Settled<T>(T value, Throwable failure) {
        }

        /** Waits for a stage, with a bound, and rethrows the failure it was completed with as it is. */
        static <T> T join(CompletionStage<T> stage) {
            Settled<T> settled = stage.toCompletableFuture().handle(Settled<T>::new)
                    .orTimeout(30, TimeUnit.SECONDS).join();
            Throwable failure = settled.failure();
            if (failure == null) {
                return settled.value();
            }
            if (failure instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new CompletionException(failure);
        }
    }

    /** The non-blocking client's own stages, in the adapted face's shape. */
    record ClientStages(CivicPassAsyncClient client) implements AdaptedFace.Calls {
        public CompletionStage<Pass> issue(PassKey key) {
            return client.issue(key);
        }

        public CompletionStage<Optional<Pass>> find(PassKey key) {
            return client.find(key);
        }

        public CompletionStage<Pass> get(PassKey key) {
            return client.get(key);
        }

        public CompletionStage<Void> freeze(PassKey key) {
            return client.freeze(key);
        }

        public CompletionStage<Void> unfreeze(PassKey key) {
            return client.unfreeze(key);
        }

        public CompletionStage<Void> expireAt(PassKey key, Instant expiry) {
            return client.expireAt(key, expiry);
        }

        public CompletionStage<Void> forceRefresh(PassKey key) {
            return client.forceRefresh(key);
        }

        public CompletionStage<Void> revoke(PassKey key) {
            return client.revoke(key);
        }

        public CompletionStage<Page<Pass>> list(PassQuery query) {
            return client.list(query);
        }

        public CompletionStage<Pass> awaitConfirmed(PassKey key, Duration timeout) {
            return client.awaitConfirmed(key, timeout);
        }

        public CompletionStage<PiiRequest> pii(String id) {
            return client.pii(id);
        }

        public CompletionStage<Void> approvePii(String id) {
            return client.approvePii(id);
        }

        public CompletionStage<Void> rejectPii(String id) {
            return client.rejectPii(id);
        }

        public CompletionStage<Evidence> evidence(String id, String name) {
            return client.evidence(id, name);
        }

        public CompletionStage<Evidence> evidence(PiiLink link) {
            return client.evidence(link);
        }
    }

    /** Waits for each stage, with a bound, and rethrows its failure as the call's own exception. */
    record AsyncCalls(CivicPassAsyncClient client) implements StageCalls {
        @Override
        public AdaptedFace.Calls stages() {
            return new ClientStages(client);
        }

        @Override
        public <T> T await(CompletionStage<T> stage) {
            return join(stage);
        }

        /** Waits for a stage, with a bound, and unwraps its failure. */
        static <T> T join(CompletionStage<T> stage) {
            try {
                return stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
            } catch (CompletionException wrapped) {
                Throwable cause = wrapped.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                throw wrapped;
            }
        }
    }
}
