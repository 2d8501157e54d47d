package io.civicpass.testkit;

import static io.civicpass.testkit.ApiError.shorten;
import static io.civicpass.testkit.JsonWriter.JSON;
import static io.civicpass.testkit.JsonWriter.JSON_TYPE;
import static io.civicpass.testkit.JsonWriter.json;
import static io.civicpass.testkit.JsonWriter.passJson;
import static io.civicpass.testkit.RequestBodies.parseObject;
import static io.civicpass.testkit.RequestBodies.wholeNumber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.civicpass.model.Chain;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.EventType;
import io.civicpass.model.Pass;
import io.civicpass.model.PassEvent;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.model.Transaction;
import io.civicpass.model.TransactionStatus;
import io.civicpass.testkit.StoredPass.Action;
import io.civicpass.testkit.StoredPass.ActionType;
import io.civicpass.testkit.StoredPass.PassRef;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pass ledger: the stored passes of every client, the pass endpoints (issue, retrieve,
 * update, revoke, list) that act on them, when a pass becomes visible and when its actions
 * confirm (or fail), what a repeated issue or update does (as {@link Switches} say), and the
 * seeding and inspection that tests do behind the API's back. Every read and change of a pass
 * happens under the engine's lock.
 */
final class PassLedger {

    static final int MAX_LIMIT = 1000;

    private final Object lock;
    private final FakeClock clock;
    private final SecureRandom random;
    private final Switches switches;
    /** The registered clients, looked up when a test seeds a pass. */
    private final Function<String, CivicEngine.Client> clients;
    private final Map<PassRef, StoredPass> passes = new LinkedHashMap<>();
    /** Confirmations armed to fail, by {@link #spot}, for actions not yet initiated. */
    private final Map<String, Integer> armedFailures = new HashMap<>();
    private volatile Duration confirmationDelay;
    private long sequence;
    private int reissueAttempts;
    private int duplicateIssuances;

    PassLedger(Object lock, FakeClock clock, SecureRandom random, Duration confirmationDelay,
               Switches switches, Function<String, CivicEngine.Client> clients) {
        this.lock = lock;
        this.clock = clock;
        this.random = random;
        this.confirmationDelay = confirmationDelay;
        this.switches = switches;
        this.clients = clients;
    }

    // ------------------------------------------------------------------------------ endpoints

    PassRef passRef(CivicEngine.Client client, String chain, String network, String wallet) {
        checkChainAndNetwork(chain, network);
        if (!WireRules.isWallet(chain, wallet)) {
            throw new ApiError(400, "bad_request", "wallet '" + shorten(wallet) + "' is not a valid " + chain
                    + " address");
        }
        return new PassRef(client.id(), chain, network, WireRules.canonicalWallet(wallet));
    }

    private static void checkChainAndNetwork(String chain, String network) {
        if (!WireRules.NETWORKS.containsKey(chain)) {
            throw new ApiError(400, "bad_request", "chain '" + shorten(chain)
                    + "' is not supported; expected solana or ethereum");
        }
        if (!WireRules.isKnownNetwork(network)) {
            throw new ApiError(400, "bad_request", "chainNetwork '" + shorten(network) + "' is not supported");
        }
        if (!WireRules.NETWORKS.get(chain).contains(network)) {
            throw new ApiError(400, "bad_request", "chainNetwork '" + network + "' is not a network of chain '"
                    + chain + "'");
        }
    }

    EngineResponse issue(CivicEngine.Client client, String chain, String network, RecordedRequest request) {
        checkChainAndNetwork(chain, network);
        JsonNode body = parseObject(request.body(), false);
        JsonNode walletNode = body.get("walletAddress");
        if (walletNode == null || walletNode.isNull()) {
            throw new ApiError(400, "bad_request", "walletAddress is required");
        }
        if (!walletNode.isTextual()) {
            throw new ApiError(400, "bad_request", "walletAddress must be a string");
        }
        String wallet = walletNode.asText();
        if (!WireRules.isWallet(chain, wallet)) {
            throw new ApiError(400, "bad_request", "walletAddress '" + shorten(wallet) + "' is not a valid " + chain
                    + " address");
        }
        if (client.gatekeeperNetwork().equals(FakeCivic.SANDBOX_NETWORK)
                && !WireRules.SANDBOX_NETWORKS.contains(network)) {
            throw new ApiError(400, "bad_request", "the sandbox pass is only supported on testnets, not on '"
                    + network + "'");
        }
        PassRef ref = new PassRef(client.id(), chain, network, WireRules.canonicalWallet(wallet));
        Instant now = clock.instant();
        synchronized (lock) {
            StoredPass existing = passes.get(ref);
            if (existing != null) {
                return reissue(existing, now);
            }
            StoredPass pass = new StoredPass(newPassId(), ref, chain, network, wallet, client.gatekeeperNetwork());
            pass.actions.add(newAction(ActionType.ISSUE, pass, now, null));
            passes.put(ref, pass);
            return json(202, passJson(pass, now));
        }
    }

    /** Issuing to a wallet that has a pass: refused after a revoke, else as the switch says. */
    private EngineResponse reissue(StoredPass existing, Instant now) {
        String state = existing.state(now);
        String where = existing.chain + ":" + existing.network + ":" + shorten(existing.wallet);
        if (state.equals("REVOKED")) {
            throw new ApiError(400, "bad_request", "the pass for " + where
                    + " was revoked; revoking is final, so no new pass can be issued to this wallet");
        }
        if (state.equals(StoredPass.NOT_ISSUED)) { // every issuance failed: this one is a retry
            existing.actions.add(newAction(ActionType.ISSUE, existing, now, null));
            return json(202, passJson(existing, now));
        }
        reissueAttempts++;
        switch (switches.reissue) {
            case REFUSE:
                throw new ApiError(409, "pass_exists", "a pass for " + where + " already exists ("
                        + (existing.issueConfirmed(now) ? "issued" : "its issuance is pending")
                        + "); change it with an update instead of issuing again");
            case DUPLICATE:
                duplicateIssuances++;
                existing.actions.add(newAction(ActionType.ISSUE, existing, now, null));
                return json(202, passJson(existing, now));
            default:
                return json(202, passJson(existing, now)); // issuing again changes nothing
        }
    }

    EngineResponse retrieve(PassRef ref) {
        Instant now = clock.instant();
        synchronized (lock) {
            return EngineResponse.of(200, JSON_TYPE, visiblePass(ref, now).json(now));
        }
    }

    EngineResponse update(PassRef ref, RecordedRequest request) {
        JsonNode body = parseObject(request.body(), false);
        JsonNode stateNode = body.get("state");
        JsonNode expiryNode = body.get("expiryTimestamp");
        boolean hasState = stateNode != null && !stateNode.isNull();
        boolean hasExpiry = expiryNode != null && !expiryNode.isNull();
        if (!hasState && !hasExpiry) {
            throw new ApiError(400, "bad_request", "the update must set state or expiryTimestamp");
        }
        String state = null;
        if (hasState) {
            if (!stateNode.isTextual() || !WireRules.STATES.contains(stateNode.asText())) {
                throw new ApiError(400, "bad_request", "state must be one of " + WireRules.STATES);
            }
            state = stateNode.asText();
            if (!state.equals("ACTIVE") && !state.equals("FROZEN")) {
                throw new ApiError(400, "bad_request", "state " + state + " cannot be set by an update;"
                        + " use ACTIVE or FROZEN (and DELETE to revoke)");
            }
        }
        Instant now = clock.instant();
        Instant expiry = null;
        if (hasExpiry) {
            if (!expiryNode.isNumber()) {
                throw new ApiError(400, "bad_request", "expiryTimestamp must be a number of unix seconds");
            }
            BigDecimal seconds = expiryNode.decimalValue();
            if (seconds.compareTo(BigDecimal.valueOf(now.getEpochSecond())) <= 0
                    || seconds.compareTo(BigDecimal.valueOf(253402300799L)) > 0) {
                throw new ApiError(400, "bad_request", "expiryTimestamp must be in the future");
            }
            expiry = Instant.ofEpochSecond(seconds.longValue());
        }
        synchronized (lock) {
            StoredPass pass = visiblePass(ref, now);
            String current = pass.state(now);
            if (current.equals("REVOKED")) {
                throw new ApiError(400, "bad_request", "the pass is revoked and can no longer be changed");
            }
            if (current.equals(StoredPass.NOT_ISSUED)) {
                throw new ApiError(400, "bad_request", "the pass's issuance failed on chain, so there is nothing to"
                        + " change; issue it again");
            }
            boolean repeat = switches.repeatedUpdate == RepeatedUpdateBehaviour.NEW_TRANSACTION;
            if (state != null && (repeat || !state.equals(current))) {
                pass.actions.add(newAction(state.equals("FROZEN") ? ActionType.FREEZE : ActionType.UNFREEZE,
                        pass, now, null));
            }
            if (expiry != null && (repeat || !expiry.equals(pass.expiry(now)))) {
                pass.actions.add(newAction(ActionType.EXPIRY, pass, now, expiry));
            }
        }
        return JsonWriter.ok();
    }

    EngineResponse revoke(PassRef ref) {
        Instant now = clock.instant();
        synchronized (lock) {
            StoredPass pass = visiblePass(ref, now);
            if (!pass.state(now).equals("REVOKED")) { // revoking again changes nothing
                pass.actions.add(newAction(ActionType.REVOKE, pass, now, null));
            }
        }
        return JsonWriter.ok();
    }

    EngineResponse list(CivicEngine.Client client, RecordedRequest request) {
        JsonNode body = request.body().length == 0 ? JSON.createObjectNode() : parseObject(request.body(), false);
        int limit = wholeNumber(body, "limit", 20, 1, MAX_LIMIT);
        int skip = wholeNumber(body, "skip", 0, 0, Integer.MAX_VALUE);
        String state = null;
        String wallet = null;
        JsonNode filter = body.get("filter");
        if (filter != null && !filter.isNull()) {
            if (!filter.isObject()) {
                throw new ApiError(400, "bad_request", "filter must be an object");
            }
            JsonNode stateNode = filter.get("state");
            if (stateNode != null && !stateNode.isNull()) {
                if (!stateNode.isTextual() || !WireRules.STATES.contains(stateNode.asText())) {
                    throw new ApiError(400, "bad_request", "filter.state must be one of " + WireRules.STATES);
                }
                state = stateNode.asText();
            }
            JsonNode walletNode = filter.get("walletAddress");
            if (walletNode != null && !walletNode.isNull()) {
                if (!walletNode.isTextual() || !(WireRules.isWallet(WireRules.ETHEREUM, walletNode.asText())
                        || WireRules.isWallet(WireRules.SOLANA, walletNode.asText()))) {
                    throw new ApiError(400, "bad_request", "filter.walletAddress must be a wallet address");
                }
                wallet = WireRules.canonicalWallet(walletNode.asText());
            }
        }
        Instant now = clock.instant();
        ArrayNode records = JSON.createArrayNode();
        synchronized (lock) {
            int skipped = 0;
            for (StoredPass pass : passes.values()) {
                if (records.size() >= limit) {
                    break;
                }
                if (!pass.ref.clientId().equals(client.id()) || !visible(pass, now)
                        || (state != null && !state.equals(pass.state(now)))
                        || (wallet != null && !wallet.equals(pass.ref.wallet()))) {
                    continue;
                }
                if (skipped < skip) {
                    skipped++;
                    continue;
                }
                records.add(passJson(pass, now));
            }
        }
        ObjectNode response = JSON.createObjectNode();
        response.set("records", records);
        return json(200, response);
    }

    private StoredPass visiblePass(PassRef ref, Instant now) {
        StoredPass pass = passes.get(ref);
        if (pass == null || !visible(pass, now)) {
            throw new ApiError(404, "not_found", "no pass for " + ref.chain() + ":" + ref.network() + ":"
                    + shorten(ref.wallet()));
        }
        return pass;
    }

    /** Whether retrieve and list show the pass: always, or once an issuance came back from the chain. */
    private boolean visible(StoredPass pass, Instant now) {
        return !switches.hideUntilConfirmed || pass.issueConfirmed(now);
    }

    /** A new action through the API, failing when a failure was armed for the pass's key. */
    private Action newAction(ActionType type, StoredPass pass, Instant now, Instant expiry) {
        Action action = new Action(++sequence, type, now, now.plus(confirmationDelay), newTransaction(pass.chain),
                false, expiry);
        String spot = spot(pass.chain, pass.network, pass.ref.wallet());
        Integer armed = armedFailures.get(spot);
        if (armed != null) {
            action.fails = true;
            if (armed <= 1) {
                armedFailures.remove(spot);
            } else {
                armedFailures.put(spot, armed - 1);
            }
        }
        return action;
    }

    private String newTransaction(String chain) {
        byte[] bytes = new byte[WireRules.SOLANA.equals(chain) ? 64 : 32];
        random.nextBytes(bytes);
        return WireRules.SOLANA.equals(chain) ? WireRules.toBase58(bytes) : "0x" + HexFormat.of().formatHex(bytes);
    }

    /** A key's place whatever the client: chain, network and canonical wallet. */
    private static String spot(String chain, String network, String canonicalWallet) {
        return chain + "/" + network + "/" + canonicalWallet;
    }

    private static String spot(PassKey key) {
        return spot(key.chain().value(), key.network().value(), WireRules.canonicalWallet(key.wallet().value()));
    }

    /** The passes of every client at a key, in creation order. */
    private List<StoredPass> passesAt(PassKey key) {
        String spot = spot(key);
        return passes.values().stream().filter(p -> spot(p.chain, p.network, p.ref.wallet()).equals(spot)).toList();
    }

    private String newPassId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    // ------------------------------------------------------------------------------ controls

    void setConfirmationDelay(Duration value) {
        this.confirmationDelay = value;
    }

    Duration confirmationDelay() {
        return confirmationDelay;
    }

    void clear() {
        synchronized (lock) {
            passes.clear();
            armedFailures.clear();
            reissueAttempts = 0;
            duplicateIssuances = 0;
        }
    }

    /**
     * Makes the next confirmation at a key (of any client's pass) fail: that of the pending action
     * that confirms first, or else that of the next action initiated there.
     */
    void failNextConfirmation(PassKey key) {
        Objects.requireNonNull(key, "key");
        Instant now = clock.instant();
        synchronized (lock) {
            Optional<Action> pending = passesAt(key).stream().flatMap(p -> p.actions.stream())
                    .filter(a -> !a.confirmed(now) && !a.fails)
                    .min(Comparator.comparing(Action::confirmAt).thenComparingLong(Action::seq));
            if (pending.isPresent()) {
                pending.get().fails = true;
            } else {
                armedFailures.merge(spot(key), 1, Integer::sum);
            }
        }
    }

    int reissueAttempts() {
        synchronized (lock) {
            return reissueAttempts;
        }
    }

    int duplicateIssuances() {
        synchronized (lock) {
            return duplicateIssuances;
        }
    }

    /**
     * The transactions of {@code preferredClientId}'s pass at the key, or else (when
     * {@code anyClient}) of any client's; 0 when none.
     */
    int transactions(String preferredClientId, PassKey key, boolean anyClient) {
        PassRef ref = new PassRef(preferredClientId, key.chain().value(), key.network().value(),
                WireRules.canonicalWallet(key.wallet().value()));
        synchronized (lock) {
            StoredPass own = passes.get(ref);
            if (own != null || !anyClient) {
                return own == null ? 0 : own.transactions();
            }
            return passesAt(key).stream().findFirst().map(StoredPass::transactions).orElse(0);
        }
    }

    Optional<Pass> pass(String clientId, PassKey key) {
        PassRef ref = new PassRef(clientId, key.chain().value(), key.network().value(),
                WireRules.canonicalWallet(key.wallet().value()));
        Instant now = clock.instant();
        synchronized (lock) {
            StoredPass pass = passes.get(ref);
            return pass == null ? Optional.empty() : Optional.of(toPass(pass, now));
        }
    }

    /** The pass of {@code preferredClientId} at the key, or else the first of any client's. */
    Optional<Pass> anyPass(String preferredClientId, PassKey key) {
        Optional<Pass> own = pass(preferredClientId, key);
        if (own.isPresent()) {
            return own;
        }
        String canonical = WireRules.canonicalWallet(key.wallet().value());
        Instant now = clock.instant();
        synchronized (lock) {
            return passes.values().stream()
                    .filter(p -> p.chain.equals(key.chain().value()) && p.network.equals(key.network().value())
                            && p.ref.wallet().equals(canonical))
                    .findFirst().map(p -> toPass(p, now));
        }
    }

    List<Pass> passes() {
        Instant now = clock.instant();
        synchronized (lock) {
            return passes.values().stream().map(p -> toPass(p, now)).toList();
        }
    }

    Optional<Instant> expiry(PassKey key) {
        Instant now = clock.instant();
        synchronized (lock) {
            return passesAt(key).stream().findFirst().map(p -> p.expiry(now));
        }
    }

    Pass seedPass(String clientId, PassKey key, PassState state) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        if (!state.equals(PassState.ACTIVE) && !state.equals(PassState.FROZEN) && !state.equals(PassState.REVOKED)) {
            throw new IllegalArgumentException("state must be ACTIVE, FROZEN or REVOKED, was " + state);
        }
        String chain = key.chain().value();
        String network = key.network().value();
        if (!WireRules.NETWORKS.containsKey(chain) || !WireRules.NETWORKS.get(chain).contains(network)) {
            throw new IllegalArgumentException("key " + key + " is not on a chain and network Civic's contract lists");
        }
        PassRef ref = new PassRef(clientId, chain, network, WireRules.canonicalWallet(key.wallet().value()));
        Instant now = clock.instant();
        synchronized (lock) {
            CivicEngine.Client client = clients.apply(clientId);
            if (client == null) {
                throw new IllegalArgumentException("client '" + clientId + "' is not registered");
            }
            if (passes.containsKey(ref)) {
                throw new IllegalStateException("a pass for " + key + " already exists");
            }
            StoredPass pass = new StoredPass(newPassId(), ref, chain, network, key.wallet().value(),
                    client.gatekeeperNetwork());
            Instant start = now.minusSeconds(600);
            pass.actions.add(pastAction(ActionType.ISSUE, chain, start));
            if (state.equals(PassState.FROZEN)) {
                pass.actions.add(pastAction(ActionType.FREEZE, chain, start.plusSeconds(60)));
            } else if (state.equals(PassState.REVOKED)) {
                pass.actions.add(pastAction(ActionType.REVOKE, chain, start.plusSeconds(60)));
            }
            passes.put(ref, pass);
            return toPass(pass, now);
        }
    }

    private Action pastAction(ActionType type, String chain, Instant at) {
        return new Action(++sequence, type, at, at.plusSeconds(5), newTransaction(chain), true, null);
    }

    private static Pass toPass(StoredPass pass, Instant now) {
        List<PassEvent> events = pass.events(now).stream()
                .map(e -> new PassEvent(EventType.of(e.type()), Instant.ofEpochSecond(e.at().getEpochSecond()),
                        new Transaction(e.transaction(), TransactionStatus.of(e.status()))))
                .toList();
        return new Pass(pass.id, Chain.of(pass.chain), ChainNetwork.of(pass.network), pass.gatekeeperNetwork,
                pass.wallet, PassState.of(pass.state(now)), PassState.of(pass.onChainState(now)), events);
    }
}
