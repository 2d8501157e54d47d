package io.civicpass.testkit;

import static io.civicpass.testkit.AdminJson.bad;
import static io.civicpass.testkit.AdminJson.field;
import static io.civicpass.testkit.AdminJson.onlyFields;
import static io.civicpass.testkit.AdminJson.text;
import static io.civicpass.testkit.AdminJson.whole;
import static io.civicpass.testkit.ApiError.shorten;
import static io.civicpass.testkit.JsonWriter.JSON_TYPE;
import static io.civicpass.testkit.JsonWriter.json;
import static io.civicpass.testkit.JsonWriter.mapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.civicpass.model.ClientCredentials;
import io.civicpass.model.GatekeeperNetwork;
import io.civicpass.model.PiiStatus;
import io.civicpass.testkit.LedgerBackdoor.PlannedAction;
import io.civicpass.testkit.LedgerBackdoor.PlannedPass;
import io.civicpass.testkit.StoredPass.ActionType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.Set;

/**
 * The fake's admin API ({@value #PATH}): the controls {@link FakeCivic} has in Java, over HTTP
 * with JSON in and out, for tests in any language. Its routes are in the fake's one
 * {@link RouteTable} ({@link RouteTable.Mount#ADMIN}), read from the admin API's OpenAPI document
 * {@code admin-openapi.json}, which {@code GET /__admin/openapi.json} serves as it is.
 *
 * <p>Every handler reads and checks its whole request before it changes anything, so a refusal
 * (400 naming the field) leaves the fake as it was; requests to the admin API are not journalled
 * and no fault strikes them.
 */
final class AdminDesk {

    /** Where the admin API is served. */
    static final String PATH = "/__admin";
    static final String PATH_PREFIX = PATH + "/";
    /** The OpenAPI document, also the admin API's route table. */
    static final String OPENAPI_RESOURCE = "admin-openapi.json";
    private static final String VERSION_RESOURCE = "testkit-version.properties";

    /** The operations of the admin API, by the OpenAPI document's operation id. */
    static final Map<String, RouteTable.Handler> HANDLERS = Map.ofEntries(
            Map.entry("adminHealth", call -> status()),
            Map.entry("adminVersion", call -> version()),
            Map.entry("adminOpenApi", call -> EngineResponse.of(200, JSON_TYPE, Document.BYTES)),
            Map.entry("adminReset", call -> call.admin().reset()),
            Map.entry("adminSeedPasses", call -> call.admin().seedPasses(AdminJson.body(call.request()))),
            Map.entry("adminListPasses", call -> call.admin().listPasses()),
            Map.entry("adminChangePass", call -> call.admin().changePass(call)),
            Map.entry("adminSeedPii", call -> call.admin().seedPii(AdminJson.body(call.request()))),
            Map.entry("adminInjectFault", call -> call.admin().injectFault(call.request())),
            Map.entry("adminClearFaults", call -> call.admin().clearFaults()),
            Map.entry("adminRequests", call -> call.admin().requests(call.query())),
            Map.entry("adminRequestCount", call -> call.admin().requestCount(call.query())),
            Map.entry("adminClearRequests", call -> call.admin().clearRequests()),
            Map.entry("adminClock", call -> call.admin().clock()),
            Map.entry("adminAdvanceClock", call -> call.admin().advanceClock(call.request())),
            Map.entry("adminSettings", call -> call.admin().settings()),
            Map.entry("adminPutSettings", call -> call.admin().putSettings(call.request())),
            Map.entry("adminRegisterClient", call -> call.admin().registerClient(call.request())),
            Map.entry("adminRevokeTokens", call -> call.admin().revokeTokens()));

    private static final String CONFIRMATION_DELAY = "confirmationDelayMs";
    private static final Set<String> PASS_FIELDS = Set.of("clientId", "chain", "network", "walletAddress", "state",
            "onChainState", "expiry", "events");
    private static final Set<String> EVENT_FIELDS = Set.of("type", "at", "status", "expiry");
    private static final Set<String> CHANGE_FIELDS = Set.of("clientId", "state", "expiry", "pending");
    private static final Set<String> PII_FIELDS = Set.of("shape", "type", "fields", "status", "id", "clientId",
            "evidence");
    private static final Set<String> FAULT_FIELDS = Set.of("type", "status", "retryAfter", "body", "headers", "delayMs",
            "maxDelayMs", "afterProcessing", "method", "path", "times");
    private static final Set<String> CLIENT_FIELDS = Set.of("clientId", "clientSecret", "gatekeeperNetwork", "scopes");
    private static final List<String> SEEDED_STATES = List.of("ACTIVE", "FROZEN", "REVOKED");
    private static final long MAX_SECONDS = 253402300799L;
    private static final long MAX_MILLIS = 100L * 365 * 24 * 3600 * 1000;

    private final CivicEngine engine;
    private final byte[] adminToken;
    private final boolean showSecrets;

    /**
     * @param engine      the fake's engine
     * @param adminToken  the Bearer token admin calls need; null for none
     * @param showSecrets whether the journal as served keeps {@code Authorization} values and client secrets
     */
    AdminDesk(CivicEngine engine, String adminToken, boolean showSecrets) {
        this.engine = engine;
        this.adminToken = adminToken == null ? null : ("Bearer " + adminToken).getBytes(StandardCharsets.UTF_8);
        this.showSecrets = showSecrets;
    }

    /** The OpenAPI document as kept in the repository, read once. */
    private static final class Document {
        static final byte[] BYTES = load();
        static final JsonNode JSON = parse();

        private static byte[] load() {
            try (InputStream in = AdminDesk.class.getResourceAsStream(OPENAPI_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the testkit lacks its resource " + OPENAPI_RESOURCE);
                }
                return in.readAllBytes();
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        }

        private static JsonNode parse() {
            try {
                return mapper().readTree(BYTES);
            } catch (IOException malformed) {
                throw new IllegalStateException("the testkit's " + OPENAPI_RESOURCE + " is not JSON", malformed);
            }
        }
    }

    /** The admin API's OpenAPI document, parsed: the admin routes of {@link RouteTable#civic()}. */
    static JsonNode openApi() {
        return Document.JSON;
    }

    /** Refuses a request without the admin token, when there is one. */
    void authorize(RecordedRequest request) {
        if (adminToken == null) {
            return;
        }
        byte[] presented = request.header("Authorization").orElse("").trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, adminToken)) {
            throw new ApiError(401, "unauthorized", "Authorization: the admin API needs the server's admin token"
                    + " as a Bearer token");
        }
    }

    // ------------------------------------------------------------------------------ handlers

    private static EngineResponse status() {
        return json(200, mapper().createObjectNode().put("status", "ok"));
    }

    private static EngineResponse version() {
        return json(200, mapper().createObjectNode().put("name", "civicpass-testkit").put("version", testkitVersion()));
    }

    /** The testkit's version, from the resource the build writes. */
    static String testkitVersion() {
        Properties properties = new Properties();
        try (InputStream in = AdminDesk.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException unreadable) {
            // the unknown version below
        }
        return properties.getProperty("version", "unknown");
    }

    private EngineResponse reset() {
        engine.reset();
        engine.clock().resetOffset();
        return status();
    }

    private EngineResponse seedPasses(JsonNode body) {
        List<PlannedPass> plans = planPasses(body, "");
        return planted(plans, 201);
    }

    /** Plans the passes of a JSON object or array of them (the admin API's format), or a 400. */
    List<PlannedPass> planPasses(JsonNode body, String parent) {
        List<PlannedPass> plans = new ArrayList<>();
        if (body.isArray()) {
            for (int i = 0; i < body.size(); i++) {
                plans.add(planPass(body.get(i), parent + "[" + i + "]"));
            }
        } else {
            plans.add(planPass(body, parent));
        }
        return plans;
    }

    /** Plants planned passes, all or none; a 400 naming the pass that cannot be planted. */
    EngineResponse planted(List<PlannedPass> plans, int status) {
        List<ObjectNode> views;
        try {
            views = engine.backdoor().plant(plans, engine.switches().hideUntilConfirmed);
        } catch (IllegalArgumentException refused) {
            throw bad("", refused.getMessage());
        }
        ObjectNode response = mapper().createObjectNode();
        response.putArray("passes").addAll(views);
        return json(status, response);
    }

    private PlannedPass planPass(JsonNode node, String at) {
        AdminJson.requireObject(node, at.isEmpty() ? "body" : at);
        onlyFields(node, at, PASS_FIELDS);
        String clientId = text(node, at, "clientId", false);
        if (clientId == null) {
            clientId = engine.defaultClient().id();
        }
        String[] where = place(node, at);
        Instant now = engine.clock().instant();
        List<PlannedAction> actions = new ArrayList<>();
        if (node.hasNonNull("events")) {
            for (String other : List.of("state", "onChainState", "expiry")) {
                if (node.hasNonNull(other)) {
                    throw bad(field(at, other), "give either events or state, onChainState and expiry");
                }
            }
            JsonNode events = node.get("events");
            if (!events.isArray() || events.isEmpty()) {
                throw bad(field(at, "events"), "must be an array of one event or more");
            }
            for (int i = 0; i < events.size(); i++) {
                actions.add(planEvent(events.get(i), field(at, "events") + "[" + i + "]", i, now));
            }
            if (actions.get(0).type() != ActionType.ISSUE) {
                throw bad(field(at, "events") + "[0].type", "a pass's history starts with an ISSUE");
            }
        } else {
            String state = AdminJson.oneOf(node, at, "state", SEEDED_STATES, "ACTIVE");
            String onChain = AdminJson.oneOf(node, at, "onChainState", SEEDED_STATES, state);
            Long expiry = AdminJson.whole(node, at, "expiry", 1, MAX_SECONDS);
            if (onChain.equals("REVOKED") && !state.equals("REVOKED")) {
                throw bad(field(at, "state"), "a pass revoked on chain stays REVOKED (revoking is final)");
            }
            Instant start = now.minusSeconds(600);
            actions.add(new PlannedAction(ActionType.ISSUE, start, start.plusSeconds(5), false, null));
            if (!onChain.equals("ACTIVE")) {
                actions.add(new PlannedAction(toward(onChain), start.plusSeconds(60), start.plusSeconds(65), false,
                        null));
            }
            if (expiry != null) {
                actions.add(new PlannedAction(ActionType.EXPIRY, start.plusSeconds(120), start.plusSeconds(125), false,
                        Instant.ofEpochSecond(expiry)));
            }
            if (!onChain.equals(state)) {
                actions.add(new PlannedAction(toward(state), now, null, false, null)); // pending
            }
        }
        return new PlannedPass(at.isEmpty() ? "body" : at, clientId, where[0], where[1], where[2], actions);
    }

    private static ActionType toward(String state) {
        return switch (state) {
            case "FROZEN" -> ActionType.FREEZE;
            case "REVOKED" -> ActionType.REVOKE;
            default -> ActionType.UNFREEZE;
        };
    }

    private static PlannedAction planEvent(JsonNode node, String at, int index, Instant now) {
        AdminJson.requireObject(node, at);
        onlyFields(node, at, EVENT_FIELDS);
        List<String> types = java.util.Arrays.stream(ActionType.values()).map(Enum::name).toList();
        ActionType type = ActionType.valueOf(AdminJson.oneOf(node, at, "type", types, null));
        Long atSeconds = AdminJson.whole(node, at, "at", 0, now.getEpochSecond());
        Instant initiated = atSeconds != null ? Instant.ofEpochSecond(atSeconds) : now.minusSeconds(600 - 60L * index);
        String status = AdminJson.oneOf(node, at, "status", List.of("confirmed", "failed", "sent"), "confirmed");
        Long expiry = AdminJson.whole(node, at, "expiry", 1, MAX_SECONDS);
        if (type == ActionType.EXPIRY && expiry == null) {
            throw bad(field(at, "expiry"), "is required for an EXPIRY event");
        }
        if (type != ActionType.EXPIRY && expiry != null) {
            throw bad(field(at, "expiry"), "belongs to EXPIRY events only");
        }
        Instant confirmAt = status.equals("sent") ? null : initiated.plusSeconds(5);
        return new PlannedAction(type, initiated, confirmAt, status.equals("failed"),
                expiry == null ? null : Instant.ofEpochSecond(expiry));
    }

    /** Chain, network and wallet of a pass seed, checked as Civic checks them: {chain, network, wallet}. */
    private static String[] place(JsonNode node, String at) {
        String chain = AdminJson.oneOf(node, at, "chain", List.copyOf(new java.util.TreeSet<>(WireRules.NETWORKS.keySet())),
                null);
        String network = AdminJson.oneOf(node, at, "network", WireRules.NETWORKS.get(chain), null);
        String wallet = text(node, at, "walletAddress", true);
        if (!WireRules.isWallet(chain, wallet)) {
            throw bad(field(at, "walletAddress"), "'" + shorten(wallet) + "' is not a valid " + chain + " address");
        }
        return new String[] {chain, network, wallet};
    }

    private EngineResponse listPasses() {
        ObjectNode response = mapper().createObjectNode();
        response.putArray("passes").addAll(engine.backdoor().adminViews(engine.switches().hideUntilConfirmed));
        return json(200, response);
    }

    private EngineResponse changePass(RouteTable.Call call) {
        ObjectNode where = mapper().createObjectNode().put("chain", call.path("chain"))
                .put("network", call.path("network")).put("walletAddress", call.path("wallet"));
        String[] place = place(where, "");
        JsonNode body = AdminJson.object(call.request(), false);
        onlyFields(body, "", CHANGE_FIELDS);
        String clientId = text(body, "", "clientId", false);
        String state = AdminJson.oneOf(body, "", "state", SEEDED_STATES, "");
        Long expiry = AdminJson.whole(body, "", "expiry", 1, MAX_SECONDS);
        Boolean pending = AdminJson.bool(body, "", "pending");
        if (state.isEmpty() && expiry == null) {
            throw bad("state", "give state, expiry or both");
        }
        Instant now = engine.clock().instant();
        Instant confirmAt = Boolean.TRUE.equals(pending) ? null : now;
        List<PlannedAction> actions = new ArrayList<>();
        if (!state.isEmpty()) {
            actions.add(new PlannedAction(toward(state), now, confirmAt, false, null));
        }
        if (expiry != null) {
            actions.add(new PlannedAction(ActionType.EXPIRY, now, confirmAt, false, Instant.ofEpochSecond(expiry)));
        }
        try {
            return json(200, engine.backdoor().change(clientId == null ? engine.defaultClient().id() : clientId,
                    place[0], place[1], place[2], actions, engine.switches().hideUntilConfirmed));
        } catch (NoSuchElementException none) {
            throw new ApiError(404, "not_found", none.getMessage());
        } catch (IllegalArgumentException refused) {
            throw bad("", refused.getMessage());
        }
    }

    private EngineResponse seedPii(JsonNode body) {
        return piiPlanted(planPii(body, ""), 201);
    }

    /** Plans the PII requests of a JSON object or array of them (the admin API's format), or a 400. */
    List<PiiSeed> planPii(JsonNode body, String parent) {
        List<PiiSeed> seeds = new ArrayList<>();
        if (body.isArray()) {
            for (int i = 0; i < body.size(); i++) {
                seeds.add(planOnePii(body.get(i), parent + "[" + i + "]"));
            }
        } else {
            seeds.add(planOnePii(body, parent));
        }
        return seeds;
    }

    /** Plants planned PII requests, all or none. */
    EngineResponse piiPlanted(List<PiiSeed> seeds, int status) {
        List<String> ids;
        try {
            ids = engine.pii().seedAll(seeds);
        } catch (IllegalArgumentException taken) {
            throw bad("", taken.getMessage());
        }
        ObjectNode response = mapper().createObjectNode();
        ArrayNode list = response.putArray("ids");
        ids.forEach(list::add);
        return json(status, response);
    }

    private static PiiSeed planOnePii(JsonNode node, String at) {
        AdminJson.requireObject(node, at.isEmpty() ? "body" : at);
        onlyFields(node, at, PII_FIELDS);
        String shape = AdminJson.oneOf(node, at, "shape", List.of("idDocument", "emailOnly", "custom"), null);
        PiiSeed seed;
        if (shape.equals("custom")) {
            String type = text(node, at, "type", true);
            JsonNode fields = node.get("fields");
            if (fields == null || !fields.isObject()) {
                throw bad(field(at, "fields"), "is required for a custom request, as a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> values = mapper().convertValue(fields, LinkedHashMap.class);
            seed = PiiSeed.custom(type, values);
        } else {
            for (String customOnly : List.of("type", "fields")) {
                if (node.has(customOnly)) {
                    throw bad(field(at, customOnly), "belongs to custom requests only");
                }
            }
            seed = shape.equals("idDocument") ? PiiSeed.idDocument() : PiiSeed.emailOnly();
        }
        String status = text(node, at, "status", false);
        if (status != null) {
            try {
                seed = seed.status(PiiStatus.of(status));
            } catch (IllegalArgumentException notAStatus) {
                throw bad(field(at, "status"), "'" + shorten(status) + "' is not a PII status; Civic's are "
                        + PiiStatus.known().stream().map(Object::toString).toList());
            }
        }
        String id = text(node, at, "id", false);
        if (id != null) {
            try {
                seed = seed.id(id);
            } catch (IllegalArgumentException notAnId) {
                throw bad(field(at, "id"), notAnId.getMessage());
            }
        }
        String clientId = text(node, at, "clientId", false);
        if (clientId != null) {
            seed = seed.forClient(clientId);
        }
        JsonNode evidence = node.get("evidence");
        if (evidence != null && !evidence.isNull()) {
            AdminJson.requireObject(evidence, field(at, "evidence"));
            for (String rel : (Iterable<String>) evidence::fieldNames) {
                JsonNode item = evidence.get(rel);
                String here = field(at, "evidence") + "." + shorten(rel);
                AdminJson.requireObject(item, here);
                onlyFields(item, here, Set.of("contentType", "base64"));
                String contentType = text(item, here, "contentType", true);
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(text(item, here, "base64", true));
                } catch (IllegalArgumentException notBase64) {
                    throw bad(field(here, "base64"), "is not base64");
                }
                try {
                    seed = seed.evidence(rel, contentType, bytes);
                } catch (IllegalArgumentException badName) {
                    throw bad(here, badName.getMessage());
                }
            }
        }
        return seed;
    }

    private EngineResponse injectFault(RecordedRequest request) {
        JsonNode body = AdminJson.object(request, false);
        onlyFields(body, "", FAULT_FIELDS);
        String type = AdminJson.oneOf(body, "", "type",
                List.of("status", "latency", "reset", "malformed", "truncated", "empty", "html"), null);
        Long status = AdminJson.whole(body, "", "status", 100, 599);
        Long delay = AdminJson.whole(body, "", "delayMs", 0, MAX_MILLIS);
        Long maxDelay = AdminJson.whole(body, "", "maxDelayMs", 0, MAX_MILLIS);
        Boolean after = AdminJson.bool(body, "", "afterProcessing");
        String method = text(body, "", "method", false);
        String path = text(body, "", "path", false);
        Long times = AdminJson.whole(body, "", "times", 1, Integer.MAX_VALUE);
        boolean statusType = type.equals("status");
        for (String statusOnly : List.of("retryAfter", "body", "headers")) {
            if (body.hasNonNull(statusOnly) && !statusType) {
                throw bad(statusOnly, "belongs to status faults only");
            }
        }
        if ((statusType || type.equals("html")) != (status != null)) {
            throw bad("status", status == null ? "is required for a " + type + " fault" : "belongs to status and html faults only");
        }
        if (type.equals("latency") != (delay != null)) {
            throw bad("delayMs", delay == null ? "is required for a latency fault" : "belongs to latency faults only");
        }
        if (maxDelay != null && (delay == null || maxDelay < delay)) {
            throw bad("maxDelayMs", "needs delayMs, and must be at least delayMs");
        }
        if (method != null && !method.equals("*") && !method.matches("[A-Za-z]{1,20}")) {
            throw bad("method", "must be an HTTP method or *, was '" + shorten(method) + "'");
        }
        if (path != null && !path.startsWith("/")) {
            throw bad("path", "must be a glob starting with /, was '" + shorten(path) + "'");
        }
        Fault fault = switch (type) {
            case "status" -> Fault.status(status.intValue());
            case "html" -> Fault.htmlErrorPage(status.intValue());
            case "latency" -> Fault.randomLatency(Duration.ofMillis(delay), Duration.ofMillis(maxDelay == null ? delay : maxDelay));
            case "reset" -> Fault.connectionReset();
            case "malformed" -> Fault.malformedBody();
            case "truncated" -> Fault.truncatedBody();
            default -> Fault.emptyBody();
        };
        if (statusType) {
            String retryAfter = text(body, "", "retryAfter", false);
            if (retryAfter != null) {
                fault = fault.withRetryAfter(retryAfter);
            }
            String faultBody = text(body, "", "body", false);
            if (faultBody != null) {
                fault = fault.withBody(faultBody);
            }
            JsonNode headers = body.get("headers");
            if (headers != null && !headers.isNull()) {
                AdminJson.requireObject(headers, "headers");
                for (String name : (Iterable<String>) headers::fieldNames) {
                    JsonNode value = headers.get(name);
                    if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                        throw bad("headers." + shorten(name), "is not a header name");
                    }
                    if (!value.isTextual() || value.asText().matches("(?s).*[\\r\\n].*")) {
                        throw bad("headers." + name, "must be a one-line string");
                    }
                    fault = fault.withHeader(name, value.asText());
                }
            }
        }
        if (after != null) {
            fault = after ? fault.afterProcessing() : fault.beforeProcessing();
        }
        String wantedMethod = method == null ? "*" : method.toUpperCase(java.util.Locale.ROOT);
        String wantedPath = path == null ? "/**" : path;
        int count = times == null ? 1 : times.intValue();
        engine.inject(fault, RequestMatcher.of(wantedMethod, wantedPath), count);
        ObjectNode response = mapper().createObjectNode().put("fault", fault.toString()).put("method", wantedMethod)
                .put("path", wantedPath).put("times", count);
        return json(201, response);
    }

    private EngineResponse clearFaults() {
        engine.clearFaults();
        return status();
    }

    private EngineResponse requests(String rawQuery) {
        Map<String, String> params = AdminJson.query(rawQuery, Set.of("since", "limit", "method", "path"));
        long since = AdminJson.queryNumber(params, "since", 1, 1, Long.MAX_VALUE);
        int limit = (int) AdminJson.queryNumber(params, "limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        RequestJournal.Page page = engine.journal().since(since, limit, matcher(params));
        ObjectNode response = mapper().createObjectNode();
        ArrayNode list = response.putArray("requests");
        for (RequestJournal.Numbered numbered : page.requests()) {
            list.add(AdminJson.recorded(numbered.seq(), numbered.request(), showSecrets));
        }
        response.put("next", page.next());
        return json(200, response);
    }

    private static RequestMatcher matcher(Map<String, String> params) {
        String method = params.getOrDefault("method", "*");
        String path = params.getOrDefault("path", "/**");
        if (!method.equals("*") && !method.matches("[A-Za-z]{1,20}")) {
            throw bad("method", "must be an HTTP method or *, was '" + shorten(method) + "'");
        }
        if (!path.startsWith("/")) {
            throw bad("path", "must be a glob starting with /, was '" + shorten(path) + "'");
        }
        return RequestMatcher.of(method, path);
    }

    private EngineResponse requestCount(String rawQuery) {
        Map<String, String> params = AdminJson.query(rawQuery, Set.of("method", "path"));
        return json(200, mapper().createObjectNode().put("count", engine.journal().count(matcher(params))));
    }

    private EngineResponse clearRequests() {
        engine.journal().clear();
        return status();
    }

    private EngineResponse clock() {
        FakeClock clock = engine.clock();
        Instant now = clock.instant();
        return json(200, mapper().createObjectNode().put("now", now.toString()).put("epochMillis", now.toEpochMilli())
                .put("offsetMillis", clock.offset().toMillis()));
    }

    private EngineResponse advanceClock(RecordedRequest request) {
        JsonNode body = AdminJson.object(request, false);
        onlyFields(body, "", Set.of("millis", "duration"));
        Long millis = AdminJson.whole(body, "", "millis", 0, MAX_MILLIS);
        String text = text(body, "", "duration", false);
        if ((millis == null) == (text == null)) {
            throw bad("millis", "give exactly one of millis and duration");
        }
        Duration amount;
        if (text != null) {
            try {
                amount = Duration.parse(text);
            } catch (DateTimeParseException notIso) {
                throw bad("duration", "'" + shorten(text) + "' is not an ISO-8601 duration such as PT5S");
            }
            if (amount.isNegative() || amount.toMillis() > MAX_MILLIS) {
                throw bad("duration", "must be zero or more, and at most 100 years");
            }
        } else {
            amount = Duration.ofMillis(millis);
        }
        engine.clock().advance(amount);
        return clock();
    }

    private EngineResponse settings() {
        ObjectNode node = mapper().createObjectNode();
        Switches switches = engine.switches();
        for (Switches.Setting setting : Switches.SETTINGS) {
            String value = setting.get(switches);
            if (setting.bool()) {
                node.put(setting.name(), Boolean.parseBoolean(value));
            } else {
                node.put(setting.name(), value);
            }
        }
        node.put(CONFIRMATION_DELAY, engine.confirmationDelay().toMillis());
        return json(200, node);
    }

    private EngineResponse putSettings(RecordedRequest request) {
        JsonNode body = AdminJson.object(request, false);
        Set<String> known = new HashSet<>();
        Switches.SETTINGS.forEach(setting -> known.add(setting.name()));
        known.add(CONFIRMATION_DELAY);
        onlyFields(body, "", known);
        Map<Switches.Setting, String> changes = new LinkedHashMap<>();
        for (Switches.Setting setting : Switches.SETTINGS) {
            JsonNode value = body.get(setting.name());
            if (value == null) {
                continue;
            }
            if (setting.bool() ? !value.isBoolean() : !value.isTextual()) {
                throw bad(setting.name(), setting.bool() ? "must be true or false" : "must be one of " + setting.allowed());
            }
            try {
                setting.check(value.asText());
            } catch (IllegalArgumentException refused) {
                throw bad("", refused.getMessage());
            }
            changes.put(setting, value.asText());
        }
        Long delay = AdminJson.whole(body, "", CONFIRMATION_DELAY, 0, MAX_MILLIS);
        // Checked whole: now applied whole.
        changes.forEach((setting, value) -> setting.set(engine.switches(), value));
        if (delay != null) {
            engine.setConfirmationDelay(Duration.ofMillis(delay));
        }
        return settings();
    }

    private EngineResponse registerClient(RecordedRequest request) {
        JsonNode body = AdminJson.object(request, false);
        onlyFields(body, "", CLIENT_FIELDS);
        String id = text(body, "", "clientId", true);
        String secret = text(body, "", "clientSecret", true);
        ClientCredentials credentials;
        try {
            credentials = ClientCredentials.of(id, secret);
        } catch (IllegalArgumentException refused) {
            throw bad(id.isBlank() ? "clientId" : "clientSecret", "must not be blank");
        }
        String network = text(body, "", "gatekeeperNetwork", false);
        String gatekeeperNetwork = FakeCivic.SANDBOX_NETWORK;
        if (network != null) {
            try {
                gatekeeperNetwork = GatekeeperNetwork.of(network).value();
            } catch (IllegalArgumentException notANetwork) {
                throw bad("gatekeeperNetwork", "'" + shorten(network) + "' is not a gatekeeper network address");
            }
        }
        List<String> scopes = OAuthDesk.SCOPES;
        JsonNode scopeList = body.get("scopes");
        if (scopeList != null && !scopeList.isNull()) {
            if (!scopeList.isArray()) {
                throw bad("scopes", "must be an array of strings");
            }
            Set<String> granted = new HashSet<>();
            for (int i = 0; i < scopeList.size(); i++) {
                JsonNode scope = scopeList.get(i);
                if (!scope.isTextual() || !OAuthDesk.SCOPES.contains(scope.asText())) {
                    throw bad("scopes[" + i + "]", "must be one of the scopes Civic documents: " + OAuthDesk.SCOPES);
                }
                granted.add(scope.asText());
            }
            scopes = OAuthDesk.SCOPES.stream().filter(granted::contains).toList();
        }
        if (credentials.clientId().equals(engine.defaultClient().id())) {
            throw bad("clientId", "is the sandbox client's, which is registered already");
        }
        engine.registerClient(new CivicEngine.Client(credentials.clientId(), credentials.clientSecret(),
                gatekeeperNetwork, scopes));
        ObjectNode response = mapper().createObjectNode().put("clientId", credentials.clientId())
                .put("gatekeeperNetwork", gatekeeperNetwork);
        ArrayNode list = response.putArray("scopes");
        scopes.forEach(list::add);
        return json(201, response);
    }

    private EngineResponse revokeTokens() {
        int active = engine.activeTokens();
        engine.revokeTokens();
        return json(200, mapper().createObjectNode().put("revoked", active));
    }
}
