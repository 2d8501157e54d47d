package io.civicpass;

import io.civicpass.error.PassNotFoundException;
import io.civicpass.internal.CivicPaths;
import io.civicpass.model.AccessToken;
import io.civicpass.model.Chain;
import io.civicpass.model.Evidence;
import io.civicpass.model.EventType;
import io.civicpass.model.GatekeeperNetwork;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassEvent;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiRequest;
import io.civicpass.model.PiiStatus;
import io.civicpass.model.VerifiedInformation;
import io.civicpass.port.AsyncPassGateway;
import io.civicpass.port.PassGateway;
import io.civicpass.port.TokenSource;
import io.civicpass.port.Transport;
import io.civicpass.port.TransportConnection;
import io.civicpass.port.TransportContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A transport written by hand against the ports, as a third party would: passes in a map,
 * every call recorded. Shows the client needs nothing but the ports.
 */
final class HandWrittenTransport implements Transport {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger tokenRequests = new AtomicInteger();
    final Map<PassKey, Pass> passes = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, PiiRequest> pii = Collections.synchronizedMap(new LinkedHashMap<>());
    volatile TransportContext context;
    volatile boolean closed;
    /** Until a pass has been read this many times, it shows as pending. */
    volatile int readsUntilConfirmed;
    /** When set, list calls fail with this from the given page offset on. */
    volatile RuntimeException listFailure;
    volatile int listFailureFromSkip = Integer.MAX_VALUE;

    @Override
    public String name() {
        return "hand-written";
    }

    @Override
    public TransportConnection connect(TransportContext context) {
        this.context = context;
        Gateway gateway = new Gateway();
        return new TransportConnection() {
            @Override
            public TokenSource tokenSource() {
                return new TokenSource() {
                    @Override
                    public AccessToken fetch() {
                        int n = tokenRequests.incrementAndGet();
                        return new AccessToken("token-" + n, "Bearer", context.clock().instant().plusSeconds(3600), Set.of());
                    }

                    @Override
                    public CompletionStage<AccessToken> fetchAsync() {
                        return CompletableFuture.completedFuture(fetch());
                    }
                };
            }

            @Override
            public PassGateway gateway() {
                return gateway;
            }

            @Override
            public AsyncPassGateway asyncGateway() {
                return new AsyncGateway(gateway);
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    PiiRequest seedPii(String id) {
        String base = context.apiUrl().toString();
        PiiRequest request = new PiiRequest(id, "gatekeeperProofOfIdentityWithIdDocument-v3", PiiStatus.VERIFICATION_SUCCESS,
                List.of(new PiiLink("self", base + CivicPaths.pii(id)),
                        new PiiLink("idDocumentFront", base + CivicPaths.evidence(id, "idDocumentFront"))),
                VerifiedInformation.of(Map.of("email", "user@example.com")), Instant.EPOCH);
        pii.put(id, request);
        return request;
    }

    private final class Gateway implements PassGateway {

        private final Map<PassKey, AtomicInteger> reads = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Pass retrieve(AccessToken token, PassKey key) {
            calls.add("retrieve " + key);
            Pass pass = passes.get(key);
            if (pass == null) {
                throw new PassNotFoundException(404, "GET", CivicPaths.pass(key), "", null);
            }
            int read = reads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return read <= readsUntilConfirmed ? pending(pass) : pass;
        }

        @Override
        public Pass issue(AccessToken token, PassKey key) {
            calls.add("issue " + key);
            Pass pass = pass(key, PassState.ACTIVE, EventType.TOKEN_ISSUED);
            passes.put(key, pass);
            return pending(pass);
        }

        @Override
        public void update(AccessToken token, PassKey key, PassUpdate update) {
            calls.add("update " + key + " " + update.state() + " " + update.expiry());
            Pass pass = retrieveQuietly(key);
            if (update.state() != null) {
                passes.put(key, pass(key, update.state(),
                        update.state().equals(PassState.FROZEN) ? EventType.TOKEN_FROZEN : EventType.TOKEN_UNFROZEN));
            }
        }

        @Override
        public void revoke(AccessToken token, PassKey key) {
            calls.add("revoke " + key);
            retrieveQuietly(key);
            passes.put(key, pass(key, PassState.REVOKED, EventType.TOKEN_REVOKED));
        }

        @Override
        public Page<Pass> list(AccessToken token, PassQuery query) {
            calls.add("list " + query.skip());
            if (listFailure != null && query.skip() >= listFailureFromSkip) {
                throw listFailure;
            }
            List<Pass> all;
            synchronized (passes) {
                all = new ArrayList<>(passes.values());
            }
            List<Pass> matching = all.stream().filter(p -> query.state() == null || p.state().equals(query.state())).toList();
            int from = Math.min(query.skip(), matching.size());
            int to = Math.min(from + query.limit(), matching.size());
            return new Page<>(matching.subList(from, to), query);
        }

        @Override
        public PiiRequest pii(AccessToken token, String requestId) {
            calls.add("pii " + requestId);
            PiiRequest request = pii.get(requestId);
            if (request == null) {
                throw new PassNotFoundException(404, "GET", CivicPaths.pii(requestId), "", null);
            }
            return request;
        }

        @Override
        public void decide(AccessToken token, String requestId, PiiDecision decision) {
            calls.add("decide " + requestId + " " + decision);
            PiiRequest request = pii(token, requestId);
            pii.put(requestId, new PiiRequest(requestId, request.type(), decision.status(), request.links(),
                    request.verifiedInformation(), request.updateDate()));
        }

        @Override
        public Evidence download(AccessToken token, String path) {
            calls.add("download " + path);
            return new Evidence("image/jpeg", path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        private Pass retrieveQuietly(PassKey key) {
            Pass pass = passes.get(key);
            if (pass == null) {
                throw new PassNotFoundException(404, "PATCH", CivicPaths.pass(key), "", null);
            }
            return pass;
        }
    }

    private static final class AsyncGateway implements AsyncPassGateway {

        private final Gateway sync;

        AsyncGateway(Gateway sync) {
            this.sync = sync;
        }

        private static <T> CompletionStage<T> of(Supplier<T> call) {
            try {
                return CompletableFuture.completedFuture(call.get());
            } catch (RuntimeException failure) {
                return CompletableFuture.failedFuture(failure);
            }
        }

        private static CompletionStage<Void> run(Runnable call) {
            return of(() -> {
                call.run();
                return null;
            });
        }

        @Override
        public CompletionStage<Pass> retrieve(AccessToken token, PassKey key) {
            return of(() -> sync.retrieve(token, key));
        }

        @Override
        public CompletionStage<Pass> issue(AccessToken token, PassKey key) {
            return of(() -> sync.issue(token, key));
        }

        @Override
        public CompletionStage<Void> update(AccessToken token, PassKey key, PassUpdate update) {
            return run(() -> sync.update(token, key, update));
        }

        @Override
        public CompletionStage<Void> revoke(AccessToken token, PassKey key) {
            return run(() -> sync.revoke(token, key));
        }

        @Override
        public CompletionStage<Page<Pass>> list(AccessToken token, PassQuery query) {
            return of(() -> sync.list(token, query));
        }

        @Override
        public CompletionStage<PiiRequest> pii(AccessToken token, String requestId) {
            return of(() -> sync.pii(token, requestId));
        }

        @Override
        public CompletionStage<Void> decide(AccessToken token, String requestId, PiiDecision decision) {
            return run(() -> sync.decide(token, requestId, decision));
        }

        @Override
        public CompletionStage<Evidence> download(AccessToken token, String path) {
            return of(() -> sync.download(token, path));
        }
    }

    static Pass pass(PassKey key, PassState state, EventType confirmed) {
        Instant at = Instant.ofEpochSecond(1_700_000_000);
        EventType initiated = EventType.of(confirmed.value() + "_INITIATED");
        return new Pass("id-" + key.wallet(), key.chain(), key.network(), GatekeeperNetwork.SANDBOX.value(),
                key.wallet().value(), state, state,
                List.of(new PassEvent(initiated, at, null), new PassEvent(confirmed, at.plusSeconds(5), null)));
    }

    static Pass pending(Pass pass) {
        return new Pass(pass.id(), pass.chain(), pass.network(), pass.gatekeeperNetwork(), pass.walletAddress(),
                pass.state(), Chain.SOLANA.equals(pass.chain()) ? pass.onChainState() : PassState.of("ACTIVE"),
                pass.events().subList(0, 1));
    }
}
