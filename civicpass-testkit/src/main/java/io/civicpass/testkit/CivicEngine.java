package io.civicpass.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.civicpass.model.Chain;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.EventType;
import io.civicpass.model.Pass;
import io.civicpass.model.PassEvent;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.model.PiiStatus;
import io.civicpass.model.Transaction;
import io.civicpass.model.TransactionStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fake's one state engine: clients, tokens, passes with their events, PII requests, armed
 * faults and the journal, judged by a {@link FakeClock}. Both faces (HTTP and in-memory) feed it
 * requests and send back what it answers, so they behave alike. Reads and writes JSON with its
 * own mapper, never with the client's codec. Thread-safe: state changes happen under one lock.
 */
final class CivicEngine {

    /** Scopes granted to every token, as Civic's documentation lists them. */
    static final String SCOPES = "partner:admin update:pass issue:pass search:pass create:gkn update:gkn "
            + "createWithId:gkn get:pii put:piirequest";
    /** The audience Civic's JSON-style token request names. */
    static final String AUDIENCE = "https://api.civic.com/pass";
    /** How long a PII request stays available to the partner. */
    static final Duration PII_RETENTION = Duration.ofDays(7);
    static final int MAX_LIMIT = 1000;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String HTML_PAGE = "<html>\r\n<head><title>%1$d %2$s</title></head>\r\n<body>\r\n"
            + "<center><h1>%1$d %2$s</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    private final Object lock = new Object();
    private final FakeClock clock;
    private final Duration tokenLifetime;
    private final boolean hideUntilConfirmed;
    private final RequestJournal journal;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong requestIds = new AtomicLong();
    private final String requestIdPrefix = Long.toHexString(System.nanoTime() & 0xffffffL) + "-";
    private volatile Duration confirmationDelay;
    private volatile URI apiUrl = URI.create("http://127.0.0.1" + FakeCivic.API_PATH);

    private final List<ArmedFault> faults = new ArrayList<>();
    /** Whether {@link #faults} may hold any: spares every request the lock while none are armed. */
    private volatile boolean faultsArmed;
    // Read on every request without the lock, so the checks of concurrent requests do not queue.
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, TokenGrant> tokens = new ConcurrentHashMap<>();
    private final Map<PassRef, StoredPass> passes = new LinkedHashMap<>();
    private final Map<String, StoredPii> piiRequests = new LinkedHashMap<>();
    private final Client defaultClient;
    private long sequence;

    CivicEngine(FakeClock clock, Duration confirmationDelay, Duration tokenLifetime, boolean hideUntilConfirmed,
                Client defaultClient, int journalCapacity) {
        this.journal = new RequestJournal(journalCapacity);
        this.clock = clock;
        this.confirmationDelay = confirmationDelay;
        this.tokenLifetime = tokenLifetime;
        this.hideUntilConfirmed = hideUntilConfirmed;
        this.defaultClient = defaultClient;
        clients.put(defaultClient.id(), defaultClient);
    }

    /** A client registered with the fake: credentials and the gatekeeper network of its passes. */
    record Client(String id, String secret, String gatekeeperNetwork) {
        @Override
        public String toString() {
            return "Client[" + id + "]";
        }
    }

    private record TokenGrant(String clientId, Instant expiresAt) {
    }

    private record PassRef(String clientId, String chain, String network, String wallet) {
    }

    private record ArmedFault(Fault fault, RequestMatcher matcher, int[] remaining) {
    }

    /** The actions of a pass, each an initiated event now and a confirmed one after the delay. */
    private enum ActionType {
        ISSUE("TOKEN_ISSUED", "ACTIVE"),
        FREEZE("TOKEN_FROZEN", "FROZEN"),
        UNFREEZE("TOKEN_UNFROZEN", "ACTIVE"),
        EXPIRY("TOKEN_EXPIRY_CHANGED", null),
        REVOKE("TOKEN_REVOKED", "REVOKED");

        final String event;
        final String targetState;

        ActionType(String event, String targetState) {
            this.event = event;
            this.targetState = targetState;
        }
    }

    private record Action(long seq, ActionType type, Instant initiatedAt, Instant confirmAt, String transaction) {
        boolean confirmed(Instant now) {
            return !now.isBefore(confirmAt);
        }
    }

    private record EventView(String type, Instant at, String transaction, String status, long order) {
    }

    private static final class StoredPass {
        final String id;
        final PassRef ref;
        final String chain;
        final String network;
        final String wallet;
        final String gatekeeperNetwork;
        /** Only ever appended to, which is what lets {@link #json} reuse its bytes. */
        final List<Action> actions = new ArrayList<>();
        Instant expiry;
        private byte[] json;
        private int jsonActions;
        private int jsonConfirmed;

        StoredPass(String id, PassRef ref, String chain, String network, String wallet, String gatekeeperNetwork) {
            this.id = id;
            this.ref = ref;
            this.chain = chain;
            this.network = network;
            this.wallet = wallet;
            this.gatekeeperNetwork = gatekeeperNetwork;
        }

        /** What Civic intends: the target of the latest state-changing action. */
        String state() {
            String state = "ACTIVE";
            for (Action action : actions) {
                if (action.type.targetState != null) {
                    state = action.type.targetState;
                }
            }
            return state;
        }

        /**
         * The pass as Civic's JSON at a time. What it shows depends on the actions and on which
         * of them are confirmed; with actions only appended, those confirmed by a time are always
         * the ones with the earliest confirmation times, so their count says which they are, and
         * the bytes are written again only when an action is added or another one confirms
         * (a retrieve is the fake's hottest path).
         */
        byte[] json(Instant now) {
            int confirmed = 0;
            for (Action action : actions) {
                if (action.confirmed(now)) {
                    confirmed++;
                }
            }
            if (json == null || jsonActions != actions.size() || jsonConfirmed != confirmed) {
                json = bytes(passJson(this, now));
                jsonActions = actions.size();
                jsonConfirmed = confirmed;
            }
            return json;
        }

        boolean issueConfirmed(Instant now) {
            return actions.stream().anyMatch(a -> a.type == ActionType.ISSUE && a.confirmed(now));
        }

        /**
         * What the chain shows: confirmed actions applied in confirmation order. Before the issue is
         * confirmed the chain holds no valid pass; the contract has no value for that, so the
         * fake reports FROZEN ("not valid on chain, not final").
         */
        String onChainState(Instant now) {
            String state = "FROZEN";
            List<Action> confirmed = actions.stream().filter(a -> a.confirmed(now))
                    .sorted(Comparator.comparing(Action::confirmAt).thenComparingLong(Action::seq)).toList();
            for (Action action : confirmed) {
                if (action.type.targetState != null) {
                    state = action.type.targetState;
                }
            }
            return state;
        }

        List<EventView> events(Instant now) {
            List<EventView> events = new ArrayList<>();
            for (Action action : actions) {
                events.add(new EventView(action.type.event + "_INITIATED", action.initiatedAt, action.transaction,
                        "sent", action.seq * 2));
                if (action.confirmed(now)) {
                    events.add(new EventView(action.type.event, action.confirmAt, action.transaction, "confirmed",
                            action.seq * 2 + 1));
                }
            }
            events.sort(Comparator.comparing(EventView::at).thenComparingLong(EventView::order));
            return events;
        }
    }

    private static final class StoredPii {
        final String id;
        final String type;
        final Map<String, Object> fields;
        final Map<String, PiiSeed.Item> evidence;
        final String clientId;
        final Instant createdAt;
        String status;
        Instant updatedAt;

        StoredPii(String id, PiiSeed seed, Instant now) {
            this.id = id;
            this.type = seed.type();
            this.fields = seed.fields();
            this.evidence = seed.evidenceItems();
            this.clientId = seed.clientIdOrNull();
            this.status = seed.statusValue().value();
            this.createdAt = now;
            this.updatedAt = now;
        }

        boolean showsInformation() {
            return status.equals("verification-success") || status.equals("partner-pass")
                    || status.equals("partner-fail");
        }
    }

    /** A request the API refuses, answered with a JSON error body. */
    private static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;
        final boolean oauthShape;

        ApiError(int status, String code, String message) {
            this(status, code, message, false);
        }

        ApiError(int status, String code, String message, boolean oauthShape) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.oauthShape = oauthShape;
        }
    }

    // ------------------------------------------------------------------------------ faces' entry point

    /** A received request: record it, pick its fault, and let the face run it. */
    Exchange accept(RecordedRequest request) {
        journal.record(request);
        Fault fault = takeFault(request);
        return new Exchange(request, fault);
    }

    /** One request on its way through the engine. */
    final class Exchange {
        private final RecordedRequest request;
        private final Fault fault;
        private final Duration delayBefore;
        private final Duration delayAfter;

        private Exchange(RecordedRequest request, Fault fault) {
            this.request = request;
            this.fault = fault;
            boolean latency = fault != null && fault.kind() == Fault.Kind.LATENCY;
            Duration drawn = latency ? fault.drawDelay() : Duration.ZERO;
            this.delayBefore = latency && !fault.isAfterProcessing() ? drawn : Duration.ZERO;
            this.delayAfter = latency && fault.isAfterProcessing() ? drawn : Duration.ZERO;
        }

        /** How long the face waits before calling {@link #respond()}. */
        Duration delayBeforeProcessing() {
            return delayBefore;
        }

        /** Processes the request (unless its fault prevents it) and gives the outcome. */
        EngineResponse respond() {
            if (fault == null) {
                return process(request);
            }
            switch (fault.kind()) {
                case LATENCY:
                    return process(request).delayedBy(delayAfter);
                case STATUS:
                    if (fault.isAfterProcessing()) {
                        process(request);
                    }
                    return statusFault(fault);
                case HTML:
                    if (fault.isAfterProcessing()) {
                        process(request);
                    }
                    return htmlPage(fault.statusCode());
                case RESET:
                    if (fault.isAfterProcessing()) {
                        process(request);
                    }
                    return EngineResponse.dropped();
                default:
                    EngineResponse real = fault.isAfterProcessing() ? process(request)
                            : json(200, JSON.createObjectNode().put("status", "ok"));
                    return spoil(real, fault.kind());
            }
        }
    }

    private Fault takeFault(RecordedRequest request) {
        if (!faultsArmed) {
            return null;
        }
        synchronized (lock) {
            Iterator<ArmedFault> iterator = faults.iterator();
            while (iterator.hasNext()) {
                ArmedFault armed = iterator.next();
                if (armed.matcher.test(request)) {
                    if (--armed.remaining[0] <= 0) {
                        iterator.remove();
                        faultsArmed = !faults.isEmpty();
                    }
                    return armed.fault;
                }
            }
            return null;
        }
    }

    private static EngineResponse statusFault(Fault fault) {
        int status = fault.statusCode();
        byte[] body = fault.body() != null ? fault.body().getBytes(StandardCharsets.UTF_8)
                : errorBody(errorCode(status), reason(status));
        EngineResponse response = EngineResponse.of(status, JSON_TYPE, body);
        for (Map.Entry<String, String> header : fault.headers().entrySet()) {
            response = response.withHeader(header.getKey(), header.getValue());
        }
        return fault.retryAfter() == null ? response : response.withHeader("Retry-After", fault.retryAfter());
    }

    private static EngineResponse htmlPage(int status) {
        String page = String.format(Locale.ROOT, HTML_PAGE, status, reason(status));
        return EngineResponse.of(status, "text/html", page.getBytes(StandardCharsets.UTF_8));
    }

    private static EngineResponse spoil(EngineResponse real, Fault.Kind kind) {
        int status = real.status >= 200 && real.status <= 299 ? real.status : 200;
        switch (kind) {
            case EMPTY:
                return real.withBody(status, new byte[0]);
            case TRUNCATED: {
                byte[] body = real.body.length > 1 ? real.body : "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
                byte[] cut = new byte[Math.max(1, body.length / 2)];
                System.arraycopy(body, 0, cut, 0, cut.length);
                return real.withBody(status, cut);
            }
            default:
                return real.withBody(status, "{\"records\": [{\"id\": 63fdf96c, <<not json>>"
                        .getBytes(StandardCharsets.UTF_8));
        }
    }

    // ------------------------------------------------------------------------------ routing

    /** A request id for the response, cheap to make (a random UUID per request costs throughput). */
    private String nextRequestId() {
        return requestIdPrefix + Long.toHexString(requestIds.incrementAndGet());
    }

    private EngineResponse process(RecordedRequest request) {
        try {
            return route(request).withHeader("x-request-id", nextRequestId());
        } catch (ApiError refused) {
            byte[] body = refused.oauthShape ? oauthError(refused.code, refused.getMessage())
                    : errorBody(refused.code, refused.getMessage());
            EngineResponse response = EngineResponse.of(refused.status, JSON_TYPE, body)
                    .withHeader("x-request-id", nextRequestId());
            if (refused.status == 401 && !refused.oauthShape) {
                response = response.withHeader("WWW-Authenticate", "Bearer realm=\"civic\", error=\"invalid_token\"");
            }
            return response;
        } catch (RuntimeException bug) {
            return EngineResponse.of(500, JSON_TYPE,
                    errorBody("internal_error", "the fake failed to handle the request: " + bug.getClass().getSimpleName()));
        }
    }

    private EngineResponse route(RecordedRequest request) {
        String path = request.path();
        String method = request.method();
        if (path.equals(FakeCivic.TOKEN_PATH)) {
            requireMethod(method, "POST");
            return token(request);
        }
        if (!path.equals(FakeCivic.API_PATH) && !path.startsWith(FakeCivic.API_PATH + "/")) {
            throw new ApiError(404, "not_found", "no such endpoint: " + shorten(path));
        }
        Client client = authenticate(request);
        List<String> segments = segments(path.substring(FakeCivic.API_PATH.length()));
        if (segments.size() >= 1 && segments.get(0).equals("pass")) {
            switch (segments.size()) {
                case 1:
                    requireMethod(method, "POST");
                    return list(client, request);
                case 3:
                    requireMethod(method, "POST");
                    return issue(client, segments.get(1), segments.get(2), request);
                case 4:
                    requireMethod(method, "GET", "PATCH", "DELETE");
                    PassRef ref = passRef(client, segments.get(1), segments.get(2), segments.get(3));
                    return switch (method) {
                        case "GET" -> retrieve(ref);
                        case "PATCH" -> update(ref, request);
                        default -> revoke(ref);
                    };
                default:
                    break;
            }
        } else if (segments.size() >= 2 && segments.get(0).equals("piirequest")) {
            String id = segments.get(1);
            if (segments.size() == 2) {
                requireMethod(method, "GET");
                return pii(client, id);
            }
            if (segments.size() == 3 && segments.get(2).equals("status")) {
                requireMethod(method, "PUT");
                return decide(client, id, request);
            }
            if (segments.size() == 4 && segments.get(2).equals("evidence")) {
                requireMethod(method, "GET");
                return evidence(client, id, segments.get(3));
            }
        }
        throw new ApiError(404, "not_found", "no such endpoint: " + shorten(path));
    }

    private static void requireMethod(String method, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(method)) {
                return;
            }
        }
        throw new ApiError(405, "method_not_allowed", "method " + shorten(method) + " is not allowed here; use "
                + String.join(" or ", allowed));
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        if (rawPath.isEmpty()) {
            return segments;
        }
        String[] parts = rawPath.substring(1).split("/", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new ApiError(404, "not_found", "no such endpoint (empty path segment)");
            }
            try {
                segments.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                throw new ApiError(400, "bad_request", "malformed percent-encoding in the path");
            }
        }
        return segments;
    }

    // ------------------------------------------------------------------------------ token endpoint

    private EngineResponse token(RecordedRequest request) {
        String contentType = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String clientId = null;
        String secret = null;
        String grantType;
        String audience = null;
        if (contentType.startsWith("application/json")) {
            JsonNode body = parseObject(request.body(), true);
            clientId = optionalText(body, "client_id", true);
            secret = optionalText(body, "client_secret", true);
            grantType = optionalText(body, "grant_type", true);
            audience = optionalText(body, "audience", true);
        } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
            Map<String, String> form = parseForm(request.bodyText());
            grantType = form.get("grant_type");
            clientId = form.get("client_id");
            secret = form.get("client_secret");
            audience = form.get("audience");
        } else {
            throw new ApiError(400, "invalid_request",
                    "Content-Type must be application/x-www-form-urlencoded or application/json", true);
        }
        Optional<String> authorization = request.header("Authorization");
        if (authorization.isPresent()) {
            String[] basic = basicCredentials(authorization.get());
            clientId = basic[0];
            secret = basic[1];
        }
        if (grantType == null) {
            throw new ApiError(400, "invalid_request", "Missing required parameter: grant_type", true);
        }
        if (!grantType.equals("client_credentials")) {
            throw new ApiError(400, "unsupported_grant_type", "Unsupported grant type: " + shorten(grantType), true);
        }
        Client client = clientId == null ? null : clients.get(clientId);
        if (client == null || secret == null || !constantTimeEquals(client.secret(), secret)) {
            throw new ApiError(401, "access_denied", "Unauthorized", true);
        }
        if (audience != null && !audience.equals(AUDIENCE)) {
            throw new ApiError(403, "access_denied", "Service not found: " + shorten(audience), true);
        }
        Instant now = clock.instant();
        String token = newToken(client, now);
        tokens.put(token, new TokenGrant(client.id(), now.plus(tokenLifetime)));
        ObjectNode body = JSON.createObjectNode();
        body.put("access_token", token);
        body.put("scope", SCOPES);
        body.put("expires_in", tokenLifetime.toSeconds());
        body.put("token_type", "Bearer");
        return json(200, body).withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
    }

    private static String[] basicCredentials(String header) {
        String[] parts = schemeAndCredentials(header);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Basic")) {
            throw new ApiError(401, "access_denied", "Unauthorized", true);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parts[1].trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new ApiError(401, "access_denied", "Unauthorized", true);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new ApiError(401, "access_denied", "Unauthorized", true);
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    /**
     * Splits an {@code Authorization} value at its first run of whitespace, as a regular
     * expression split on {@code \s+} would, without running a regex along a long token on
     * every request.
     */
    private static String[] schemeAndCredentials(String header) {
        String trimmed = header.trim();
        int end = 0;
        while (end < trimmed.length() && !isSpace(trimmed.charAt(end))) {
            end++;
        }
        if (end == trimmed.length()) {
            return new String[] {trimmed};
        }
        int start = end;
        while (isSpace(trimmed.charAt(start))) {
            start++; // stops before the end: trim() removed trailing whitespace
        }
        return new String[] {trimmed.substring(0, end), trimmed.substring(start)};
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                form.putIfAbsent(name, value);
            } catch (IllegalArgumentException badEscape) {
                throw new ApiError(400, "invalid_request", "malformed form body", true);
            }
        }
        return form;
    }

    private String newToken(Client client, Instant now) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", "fake-civic");
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", "https://auth0.civic.com/")
                .put("sub", client.id() + "@clients")
                .put("aud", AUDIENCE)
                .put("iat", now.getEpochSecond())
                .put("exp", now.plus(tokenLifetime).getEpochSecond())
                .put("scope", SCOPES)
                .put("gty", "client-credentials")
                .put("azp", client.id())
                .put("jti", UUID.randomUUID().toString());
        byte[] signature = new byte[64];
        random.nextBytes(signature);
        return url.encodeToString(bytes(header)) + "." + url.encodeToString(bytes(claims)) + "."
                + url.encodeToString(signature);
    }

    private Client authenticate(RecordedRequest request) {
        String header = request.header("Authorization").orElse("");
        String[] parts = schemeAndCredentials(header);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw new ApiError(401, "unauthorized", "Unauthorized: a Bearer access token is required");
        }
        Instant now = clock.instant();
        TokenGrant grant = tokens.get(parts[1].trim());
        if (grant == null) {
            throw new ApiError(401, "unauthorized", "Unauthorized: the access token is not valid");
        }
        if (!now.isBefore(grant.expiresAt())) {
            throw new ApiError(401, "unauthorized", "Unauthorized: the access token has expired");
        }
        Client client = clients.get(grant.clientId());
        if (client == null) {
            throw new ApiError(401, "unauthorized", "Unauthorized: the client is no longer registered");
        }
        return client;
    }

    // ------------------------------------------------------------------------------ passes

    private PassRef passRef(Client client, String chain, String network, String wallet) {
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

    private EngineResponse issue(Client client, String chain, String network, RecordedRequest request) {
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
                if (existing.state().equals("REVOKED")) {
                    throw new ApiError(400, "bad_request", "the pass for " + chain + ":" + network + ":" + wallet
                            + " was revoked; revoking is final, so no new pass can be issued to this wallet");
                }
                return json(202, passJson(existing, now)); // issuing again is idempotent until revoked
            }
            StoredPass pass = new StoredPass(newPassId(), ref, chain, network, wallet, client.gatekeeperNetwork());
            pass.actions.add(newAction(ActionType.ISSUE, chain, now));
            passes.put(ref, pass);
            return json(202, passJson(pass, now));
        }
    }

    private EngineResponse retrieve(PassRef ref) {
        Instant now = clock.instant();
        synchronized (lock) {
            return EngineResponse.of(200, JSON_TYPE, visiblePass(ref, now).json(now));
        }
    }

    private EngineResponse update(PassRef ref, RecordedRequest request) {
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
            if (pass.state().equals("REVOKED")) {
                throw new ApiError(400, "bad_request", "the pass is revoked and can no longer be changed");
            }
            if (state != null && !state.equals(pass.state())) {
                pass.actions.add(newAction(state.equals("FROZEN") ? ActionType.FREEZE : ActionType.UNFREEZE,
                        pass.chain, now));
            }
            if (expiry != null) {
                pass.expiry = expiry;
                pass.actions.add(newAction(ActionType.EXPIRY, pass.chain, now));
            }
        }
        return json(200, JSON.createObjectNode().put("status", "ok"));
    }

    private EngineResponse revoke(PassRef ref) {
        Instant now = clock.instant();
        synchronized (lock) {
            StoredPass pass = visiblePass(ref, now);
            if (!pass.state().equals("REVOKED")) { // revoking again changes nothing
                pass.actions.add(newAction(ActionType.REVOKE, pass.chain, now));
            }
        }
        return json(200, JSON.createObjectNode().put("status", "ok"));
    }

    private EngineResponse list(Client client, RecordedRequest request) {
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
                        || (state != null && !state.equals(pass.state()))
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

    private static int wholeNumber(JsonNode body, String field, int fallback, int min, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw new ApiError(400, "bad_request", field + " must be a number");
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            throw new ApiError(400, "bad_request", field + " must be a whole number");
        }
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new ApiError(400, "bad_request", field + " must be between " + min + " and " + max);
        }
        return value.intValue();
    }

    private StoredPass visiblePass(PassRef ref, Instant now) {
        StoredPass pass = passes.get(ref);
        if (pass == null || !visible(pass, now)) {
            throw new ApiError(404, "not_found", "no pass for " + ref.chain() + ":" + ref.network() + ":"
                    + shorten(ref.wallet()));
        }
        return pass;
    }

    private boolean visible(StoredPass pass, Instant now) {
        return !hideUntilConfirmed || pass.issueConfirmed(now);
    }

    private Action newAction(ActionType type, String chain, Instant now) {
        byte[] bytes = new byte[WireRules.SOLANA.equals(chain) ? 64 : 32];
        random.nextBytes(bytes);
        String transaction = WireRules.SOLANA.equals(chain) ? WireRules.toBase58(bytes)
                : "0x" + HexFormat.of().formatHex(bytes);
        return new Action(++sequence, type, now, now.plus(confirmationDelay), transaction);
    }

    private String newPassId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static ObjectNode passJson(StoredPass pass, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("chain").put("type", pass.chain).put("network", pass.network);
        node.put("gatekeeperNetwork", pass.gatekeeperNetwork);
        node.put("walletAddress", pass.wallet);
        ArrayNode events = node.putArray("events");
        for (EventView event : pass.events(now)) {
            ObjectNode eventNode = events.addObject();
            eventNode.put("eventType", event.type());
            eventNode.put("timestamp", event.at().getEpochSecond());
            eventNode.putObject("transaction").put("identifier", event.transaction()).put("status", event.status());
        }
        node.put("id", pass.id);
        node.put("onChainState", pass.onChainState(now));
        node.put("state", pass.state());
        return node;
    }

    // ------------------------------------------------------------------------------ PII

    private StoredPii visiblePii(Client client, String id, Instant now) {
        StoredPii request = piiRequests.get(id);
        if (request == null || (request.clientId != null && !request.clientId.equals(client.id()))
                || !now.isBefore(request.createdAt.plus(PII_RETENTION))) {
            throw new ApiError(404, "not_found", "no PII request '" + shorten(id) + "' (it may no longer be available)");
        }
        return request;
    }

    private EngineResponse pii(Client client, String id) {
        Instant now = clock.instant();
        synchronized (lock) {
            StoredPii request = visiblePii(client, id, now);
            String self = apiUrl + "/piirequest/" + encode(id);
            ObjectNode node = JSON.createObjectNode();
            node.put("id", request.id);
            node.put("type", request.type);
            node.put("status", request.status);
            ArrayNode links = node.putArray("links");
            links.addObject().put("rel", "self").put("href", self);
            if (request.showsInformation()) {
                for (String rel : request.evidence.keySet()) {
                    links.addObject().put("rel", rel).put("href", self + "/evidence/" + encode(rel));
                }
                node.set("verifiedInformation", JSON.valueToTree(request.fields));
            } else {
                node.putObject("verifiedInformation");
            }
            node.put("updateDate", request.updatedAt.toString());
            return json(200, node);
        }
    }

    private EngineResponse decide(Client client, String id, RecordedRequest request) {
        JsonNode body = parseObject(request.body(), false);
        JsonNode statusNode = body.get("status");
        if (statusNode == null || !statusNode.isTextual()
                || !(statusNode.asText().equals("partner-pass") || statusNode.asText().equals("partner-fail"))) {
            throw new ApiError(400, "bad_request", "status must be partner-pass or partner-fail");
        }
        String decision = statusNode.asText();
        Instant now = clock.instant();
        synchronized (lock) {
            StoredPii pii = visiblePii(client, id, now);
            if (pii.status.equals(decision)) {
                return json(200, JSON.createObjectNode().put("status", "ok")); // the same decision again
            }
            if (!pii.status.equals("verification-success")) {
                throw new ApiError(409, "conflict", "the PII request is in status " + pii.status
                        + "; a decision is only possible in status verification-success");
            }
            pii.status = decision;
            pii.updatedAt = now;
        }
        return json(200, JSON.createObjectNode().put("status", "ok"));
    }

    private EngineResponse evidence(Client client, String id, String rel) {
        Instant now = clock.instant();
        synchronized (lock) {
            StoredPii pii = visiblePii(client, id, now);
            PiiSeed.Item item = pii.showsInformation() ? pii.evidence.get(rel) : null;
            if (item == null) {
                throw new ApiError(404, "not_found", "no evidence '" + shorten(rel) + "' for this PII request");
            }
            return EngineResponse.of(200, item.contentType(), item.bytes().clone());
        }
    }

    // ------------------------------------------------------------------------------ controls

    RequestJournal journal() {
        return journal;
    }

    void setApiUrl(URI value) {
        this.apiUrl = value;
    }

    void setConfirmationDelay(Duration value) {
        this.confirmationDelay = value;
    }

    Duration confirmationDelay() {
        return confirmationDelay;
    }

    FakeClock clock() {
        return clock;
    }

    Client defaultClient() {
        return defaultClient;
    }

    void inject(Fault fault, RequestMatcher matcher, int times) {
        synchronized (lock) {
            faults.add(new ArmedFault(fault, matcher, new int[] {times}));
            faultsArmed = true;
        }
    }

    void clearFaults() {
        synchronized (lock) {
            faults.clear();
            faultsArmed = false;
        }
    }

    void registerClient(Client client) {
        clients.put(client.id(), client);
    }

    void revokeTokens() {
        tokens.clear();
    }

    int activeTokens() {
        return tokens.size();
    }

    void reset() {
        synchronized (lock) {
            faults.clear();
            faultsArmed = false;
            tokens.clear();
            passes.clear();
            piiRequests.clear();
            // Never without the default client, not even for a request checked meanwhile.
            clients.keySet().retainAll(Set.of(defaultClient.id()));
            clients.put(defaultClient.id(), defaultClient);
            journal.clear();
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

    Optional<Pass> anyPass(PassKey key) {
        Optional<Pass> own = pass(defaultClient.id(), key);
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
        String canonical = WireRules.canonicalWallet(key.wallet().value());
        synchronized (lock) {
            return passes.values().stream()
                    .filter(p -> p.chain.equals(key.chain().value()) && p.network.equals(key.network().value())
                            && p.ref.wallet().equals(canonical))
                    .findFirst().map(p -> p.expiry);
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
            Client client = clients.get(clientId);
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
        Action fresh = newAction(type, chain, at);
        return new Action(fresh.seq(), type, at, at.plusSeconds(5), fresh.transaction());
    }

    String seedPii(PiiSeed seed) {
        Objects.requireNonNull(seed, "seed");
        String id = seed.idOrNull() != null ? seed.idOrNull() : UUID.randomUUID().toString();
        synchronized (lock) {
            if (piiRequests.containsKey(id)) {
                throw new IllegalStateException("a PII request with id '" + id + "' already exists");
            }
            piiRequests.put(id, new StoredPii(id, seed, clock.instant()));
        }
        return id;
    }

    PiiStatus piiStatus(String id) {
        synchronized (lock) {
            StoredPii request = piiRequests.get(id);
            if (request == null) {
                throw new NoSuchElementException("no PII request '" + id + "' was seeded");
            }
            return PiiStatus.of(request.status);
        }
    }

    private static Pass toPass(StoredPass pass, Instant now) {
        List<PassEvent> events = pass.events(now).stream()
                .map(e -> new PassEvent(EventType.of(e.type()), Instant.ofEpochSecond(e.at().getEpochSecond()),
                        new Transaction(e.transaction(), TransactionStatus.of(e.status()))))
                .toList();
        return new Pass(pass.id, Chain.of(pass.chain), ChainNetwork.of(pass.network), pass.gatekeeperNetwork,
                pass.wallet, PassState.of(pass.state()), PassState.of(pass.onChainState(now)), events);
    }

    // ------------------------------------------------------------------------------ JSON helpers

    private static JsonNode parseObject(byte[] body, boolean oauth) {
        if (body.length == 0) {
            throw new ApiError(400, oauth ? "invalid_request" : "bad_request", "the request body is required", oauth);
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException malformed) {
            throw new ApiError(400, oauth ? "invalid_request" : "bad_request",
                    "the request body is not valid JSON", oauth);
        } catch (IOException unreadable) {
            throw new ApiError(400, oauth ? "invalid_request" : "bad_request", "the request body cannot be read", oauth);
        }
        if (node == null || !node.isObject()) {
            throw new ApiError(400, oauth ? "invalid_request" : "bad_request",
                    "the request body must be a JSON object", oauth);
        }
        return node;
    }

    private static String optionalText(JsonNode node, String field, boolean oauth) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ApiError(400, oauth ? "invalid_request" : "bad_request", field + " must be a string", oauth);
        }
        return value.asText();
    }

    private static EngineResponse json(int status, JsonNode node) {
        return EngineResponse.of(status, JSON_TYPE, bytes(node));
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("cannot write JSON", impossible);
        }
    }

    static byte[] errorBody(String code, String message) {
        return bytes(JSON.createObjectNode().put("error", code).put("message", message));
    }

    private static byte[] oauthError(String code, String description) {
        return bytes(JSON.createObjectNode().put("error", code).put("error_description", description));
    }

    private static String errorCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 429 -> "too_many_requests";
            case 500 -> "internal_error";
            case 502 -> "bad_gateway";
            case 503 -> "service_unavailable";
            case 504 -> "gateway_timeout";
            default -> "http_" + status;
        };
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Temporarily Unavailable";
            case 504 -> "Gateway Time-out";
            default -> "Error";
        };
    }

    private static String encode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String shorten(String value) {
        if (value == null) {
            return "null";
        }
        String oneLine = value.replaceAll("[\\p{Cntrl}]", "?");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 80) + "...";
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
