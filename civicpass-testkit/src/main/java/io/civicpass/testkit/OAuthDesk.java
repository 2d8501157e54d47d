package io.civicpass.testkit;

import static io.civicpass.testkit.ApiError.shorten;
import static io.civicpass.testkit.JsonWriter.bytes;
import static io.civicpass.testkit.JsonWriter.json;
import static io.civicpass.testkit.JsonWriter.mapper;
import static io.civicpass.testkit.RequestBodies.optionalText;
import static io.civicpass.testkit.RequestBodies.parseObject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OAuth desk: the registered clients and the tokens granted to them. It answers the token
 * endpoint in both of Civic's request styles (Basic credentials with a form body, or credentials
 * in a JSON body), mints JWT-like tokens with the client's scopes, and checks the Bearer token (and
 * the scope an operation needs) of every API request. Every refusal of the token endpoint is in
 * the OAuth shape {@code {"error":..., "error_description":...}}. Its
 * maps are concurrent and read without the engine's lock, so the token checks of concurrent
 * requests do not queue.
 */
final class OAuthDesk {

    /** The scopes Civic's documentation lists, in its order: what a client is granted by default. */
    static final List<String> SCOPES = List.of("partner:admin", "update:pass", "issue:pass", "search:pass",
            "create:gkn", "update:gkn", "createWithId:gkn", "get:pii", "put:piirequest");
    /** The operation this room answers, by the contract's operation id. */
    static final Map<String, RouteTable.Handler> HANDLERS = Map.of(
            "token", call -> call.oauth().token(call.request()));
    /** The audience Civic's JSON-style token request names. */
    static final String AUDIENCE = "https://api.civic.com/pass";

    private record TokenGrant(String clientId, Instant expiresAt, Set<String> scopes) {
    }

    private final FakeClock clock;
    private final Switches switches;
    private final Duration tokenLifetime;
    private final CivicEngine.Client defaultClient;
    private final Map<String, CivicEngine.Client> clients = new ConcurrentHashMap<>();
    private final Map<String, TokenGrant> tokens = new ConcurrentHashMap<>();

    OAuthDesk(FakeClock clock, Duration tokenLifetime, CivicEngine.Client defaultClient, Switches switches) {
        this.clock = clock;
        this.switches = switches;
        this.tokenLifetime = tokenLifetime;
        this.defaultClient = defaultClient;
        clients.put(defaultClient.id(), defaultClient);
    }

    // ------------------------------------------------------------------------------ token endpoint

    EngineResponse token(RecordedRequest request) {
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
        CivicEngine.Client client = clientId == null ? null : clients.get(clientId);
        if (client == null || secret == null || !constantTimeEquals(client.secret(), secret)) {
            throw new ApiError(401, "access_denied", switches.echoSecretsInErrors && secret != null
                    ? "Unauthorized: client secret '" + secret + "' is not valid for client '" + shorten(clientId) + "'"
                    : "Unauthorized", true);
        }
        if (audience != null && !audience.equals(AUDIENCE)) {
            throw new ApiError(403, "access_denied", "Service not found: " + shorten(audience), true);
        }
        Instant now = clock.instant();
        String scope = String.join(" ", client.scopes());
        String token = newToken(client, scope, now);
        tokens.put(token, new TokenGrant(client.id(), now.plus(tokenLifetime), Set.copyOf(client.scopes())));
        ObjectNode body = mapper().createObjectNode();
        body.put("access_token", token);
        body.put("scope", scope);
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

    private String newToken(CivicEngine.Client client, String scope, Instant now) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        ObjectNode header = mapper().createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", "fake-civic");
        ObjectNode claims = mapper().createObjectNode()
                .put("iss", "https://auth0.civic.com/")
                .put("sub", client.id() + "@clients")
                .put("aud", AUDIENCE)
                .put("iat", now.getEpochSecond())
                .put("exp", now.plus(tokenLifetime).getEpochSecond())
                .put("scope", scope)
                .put("gty", "client-credentials")
                .put("azp", client.id())
                .put("jti", UUID.randomUUID().toString());
        byte[] signature = new byte[64];
        Randomness.nextBytes(signature);
        return url.encodeToString(bytes(header)) + "." + url.encodeToString(bytes(claims)) + "."
                + url.encodeToString(signature);
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------ bearer check

    /** The client whose valid Bearer token the request carries; refuses it with a 401 otherwise. */
    CivicEngine.Client authenticate(RecordedRequest request) {
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
        CivicEngine.Client client = clients.get(grant.clientId());
        if (client == null) {
            throw new ApiError(401, "unauthorized", "Unauthorized: the client is no longer registered");
        }
        return client;
    }

    /**
     * Refuses an authenticated request with 403 when its token lacks the scope its route needs
     * ({@link RouteTable.Route#scope()}, from the contract's {@code assumedScope}).
     */
    void checkScope(RecordedRequest request, String scope) {
        TokenGrant grant = tokens.get(schemeAndCredentials(request.header("Authorization").orElse(""))[1].trim());
        if (grant == null || !grant.scopes().contains(scope)) {
            throw new ApiError(403, "insufficient_scope", "Forbidden: this operation needs the scope " + scope
                    + ", which the access token was not granted");
        }
    }

    // ------------------------------------------------------------------------------ controls

    /** The registered client with this id, or null. */
    CivicEngine.Client client(String id) {
        return clients.get(id);
    }

    void registerClient(CivicEngine.Client client) {
        clients.put(client.id(), client);
    }

    void revokeTokens() {
        tokens.clear();
    }

    int activeTokens() {
        return tokens.size();
    }

    /** Forgets every client but the default one. */
    void forgetClients() {
        // Never without the default client, not even for a request checked meanwhile.
        clients.keySet().retainAll(Set.of(defaultClient.id()));
        clients.put(defaultClient.id(), defaultClient);
    }
}
