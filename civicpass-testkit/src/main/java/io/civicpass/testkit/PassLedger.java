package io.civicpass.testkit;

import static io.civicpass.testkit.ApiError.shorten;
import static io.civicpass.testkit.JsonWriter.JSON_TYPE;
import static io.civicpass.testkit.JsonWriter.json;
import static io.civicpass.testkit.JsonWriter.mapper;
import static io.civicpass.testkit.JsonWriter.passJson;
import static io.civicpass.testkit.RequestBodies.parseObject;
import static io.civicpass.testkit.RequestBodies.wholeNumber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.testkit.StoredPass.ActionType;
import io.civicpass.testkit.StoredPass.PassRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pass ledger: the stored passes of every client, the pass endpoints (issue, retrieve,
 * update, revoke, list) that act on them, when a pass becomes visible, and what a repeated issue
 * or update does (as {@link Switches} say). New pass ids and actions, with when they confirm (or
 * fail), come from its {@link ActionMint}. The seeding and inspection that tests do behind the
 * API's back are in its {@link LedgerBackdoor}, which shares its passes. Every read and change of
 * a pass happens under the engine's lock.
 */
final class PassLedger {

    static final int MAX_LIMIT = 1000;

    /** The operations this room answers, by the contract's operation id. */
    static final Map<String, RouteTable.Handler> HANDLERS = Map.of(
            "listPass", call -> call.ledger().list(call.client(), call.request()),
            "issuePass", call -> call.ledger().issue(call.client(), call.path("chain"), call.path("chainNetwork"),
                    call.request()),
            "getPass", call -> call.ledger().retrieve(passRef(call)),
            "patchPass", call -> call.ledger().update(passRef(call), call.request()),
            "deletePass", call -> call.ledger().revoke(passRef(call)));

    private final Object lock;
    private final FakeClock clock;
    private final Switches switches;
    private final Map<PassRef, StoredPass> passes = new LinkedHashMap<>();
    private final ActionMint mint;
    private final LedgerBackdoor backdoor;
    private int reissueAttempts;
    private int duplicateIssuances;

    PassLedger(Object lock, FakeClock clock, Duration confirmationDelay,
               Switches switches, Function<String, CivicEngine.Client> clients) {
        this.lock = lock;
        this.clock = clock;
        this.switches = switches;
        this.mint = new ActionMint(confirmationDelay);
        this.backdoor = new LedgerBackdoor(lock, clock, passes, mint, clients);
    }

    // ------------------------------------------------------------------------------ endpoints

    private static PassRef passRef(RouteTable.Call call) {
        return call.ledger().passRef(call.client(), call.path("chain"), call.path("chainNetwork"), call.path("wallet"));
    }

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
            StoredPass pass = new StoredPass(mint.newPassId(), ref, chain, network, wallet, client.gatekeeperNetwork());
            pass.actions.add(mint.newAction(ActionType.ISSUE, pass, now, null));
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
            existing.actions.add(mint.newAction(ActionType.ISSUE, existing, now, null));
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
                existing.actions.add(mint.newAction(ActionType.ISSUE, existing, now, null));
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
                pass.actions.add(mint.newAction(state.equals("FROZEN") ? ActionType.FREEZE : ActionType.UNFREEZE,
                        pass, now, null));
            }
            if (expiry != null && (repeat || !expiry.equals(pass.expiry(now)))) {
                pass.actions.add(mint.newAction(ActionType.EXPIRY, pass, now, expiry));
            }
        }
        return JsonWriter.ok();
    }

    EngineResponse revoke(PassRef ref) {
        Instant now = clock.instant();
        synchronized (lock) {
            StoredPass pass = visiblePass(ref, now);
            if (!pass.state(now).equals("REVOKED")) { // revoking again changes nothing
                pass.actions.add(mint.newAction(ActionType.REVOKE, pass, now, null));
            }
        }
        return JsonWriter.ok();
    }

    EngineResponse list(CivicEngine.Client client, RecordedRequest request) {
        JsonNode body = request.body().length == 0 ? mapper().createObjectNode() : parseObject(request.body(), false);
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
        ArrayNode records = mapper().createArrayNode();
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
        ObjectNode response = mapper().createObjectNode();
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

    // ------------------------------------------------------------------------------ controls

    void setConfirmationDelay(Duration value) {
        mint.setConfirmationDelay(value);
    }

    Duration confirmationDelay() {
        return mint.confirmationDelay();
    }

    void clear() {
        synchronized (lock) {
            passes.clear();
            mint.clear();
            reissueAttempts = 0;
            duplicateIssuances = 0;
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

    // ------------------------------------------------------------------------------ back door

    LedgerBackdoor backdoor() {
        return backdoor;
    }

    /** See {@link LedgerBackdoor#failNextConfirmation}. */
    void failNextConfirmation(PassKey key) {
        backdoor.failNextConfirmation(key);
    }

    /** See {@link LedgerBackdoor#transactions}. */
    int transactions(String preferredClientId, PassKey key, boolean anyClient) {
        return backdoor.transactions(preferredClientId, key, anyClient);
    }

    Optional<Pass> pass(String clientId, PassKey key) {
        return backdoor.pass(clientId, key);
    }

    /** See {@link LedgerBackdoor#anyPass}. */
    Optional<Pass> anyPass(String preferredClientId, PassKey key) {
        return backdoor.anyPass(preferredClientId, key);
    }

    List<Pass> passes() {
        return backdoor.passes();
    }

    Optional<Instant> expiry(PassKey key) {
        return backdoor.expiry(key);
    }

    Pass seedPass(String clientId, PassKey key, PassState state) {
        return backdoor.seedPass(clientId, key, state);
    }
}
