package io.civicpass;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.civicpass.model.AccessToken;
import io.civicpass.model.Chain;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.ClientCredentials;
import io.civicpass.model.EventType;
import io.civicpass.model.Pass;
import io.civicpass.model.PassEvent;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiRequest;
import io.civicpass.model.PiiStatus;
import io.civicpass.model.Transaction;
import io.civicpass.model.TransactionStatus;
import io.civicpass.model.VerifiedInformation;
import io.civicpass.model.WalletAddress;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The wire format of Civic's API: with {@link PassReader}, which reads passes from Jackson's
 * token stream on its behalf, the one place that knows JSON field names. Reads are
 * lenient where Civic may grow (unknown fields ignored, unknown enum values kept) and strict
 * where the contract promises a field (a missing required field is an error, so a truncated or
 * foreign body never becomes a half-empty pass). Timestamps are unix seconds on the wire and
 * {@link Instant}s in the domain. Thread-safe.
 */
final class CivicJson {

    /** The OAuth 2.0 audience Civic's JSON-style token request names. */
    public static final String DEFAULT_AUDIENCE = "https://api.civic.com/pass";
    /** The media type of every JSON body. */
    public static final String JSON = "application/json";
    /** The media type of the Basic-style token request body. */
    public static final String FORM = "application/x-www-form-urlencoded";

    /** Used when a token response omits {@code expires_in}: short, so a bad guess costs little. */
    private static final Duration UNKNOWN_TOKEN_LIFETIME = Duration.ofMinutes(5);

    private static final TypeReference<Map<String, Object>> FIELD_MAP = new TypeReference<>() { };

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CivicJson() {
    }

    // ---------------------------------------------------------------- requests

    /**
     * The issue body, {@code {"walletAddress": ...}}.
     *
     * @param wallet the wallet
     * @return UTF-8 JSON
     */
    public static byte[] issueBody(WalletAddress wallet) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("walletAddress", wallet.value());
        return bytes(body);
    }

    /**
     * The update body, {@code {"state": ..., "expiryTimestamp": <unix seconds>}} with only the
     * parts that are set.
     *
     * @param update the update
     * @return UTF-8 JSON
     */
    public static byte[] updateBody(PassUpdate update) {
        ObjectNode body = MAPPER.createObjectNode();
        update.findState().ifPresent(state -> body.put("state", state.value()));
        update.findExpiry().ifPresent(expiry -> body.put("expiryTimestamp", expiry.getEpochSecond()));
        return bytes(body);
    }

    /**
     * The list body, {@code {"limit": n, "skip": n, "filter": {"state": ..., "walletAddress": ...}}}
     * with the filter only when set.
     *
     * @param query the query
     * @return UTF-8 JSON
     */
    public static byte[] listBody(PassQuery query) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("limit", query.limit());
        body.put("skip", query.skip());
        if (query.state() != null || query.wallet() != null) {
            ObjectNode filter = body.putObject("filter");
            query.findState().ifPresent(state -> filter.put("state", state.value()));
            query.findWallet().ifPresent(wallet -> filter.put("walletAddress", wallet.value()));
        }
        return bytes(body);
    }

    /**
     * The PII decision body, {@code {"status": "partner-pass" | "partner-fail"}}.
     *
     * @param decision the decision
     * @return UTF-8 JSON
     */
    public static byte[] decisionBody(PiiDecision decision) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", decision.status().value());
        return bytes(body);
    }

    /**
     * The JSON-style token request body.
     *
     * @param credentials the client credentials
     * @param audience    the audience, or null to omit it
     * @return UTF-8 JSON
     */
    public static byte[] tokenJsonBody(ClientCredentials credentials, String audience) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("client_id", credentials.clientId());
        body.put("client_secret", credentials.clientSecret());
        if (audience != null) {
            body.put("audience", audience);
        }
        body.put("grant_type", "client_credentials");
        return bytes(body);
    }

    // ---------------------------------------------------------------- responses

    /**
     * Reads a pass ({@code PassResponse}).
     *
     * @param body the response body
     * @return the pass
     * @throws WireFormatException when the body is not a pass
     */
    public static Pass readPass(byte[] body) {
        return PassReader.readPass(body);
    }

    /**
     * Reads a list response, {@code {"records": [PassResponse...]}}.
     *
     * @param body the response body
     * @return the passes, in the server's order
     * @throws WireFormatException when the body is not a list response
     */
    public static List<Pass> readPassList(byte[] body) {
        return PassReader.readPassList(body);
    }

    /**
     * Reads a PII request.
     *
     * @param body      the response body
     * @param requestId the id asked for, used when the body omits it
     * @return the request
     * @throws WireFormatException when the body is not a PII request
     */
    public static PiiRequest readPii(byte[] body, String requestId) {
        JsonNode root = tree(body);
        String id = root.hasNonNull("id") ? root.get("id").asText() : requestId;
        List<PiiLink> links = new ArrayList<>();
        JsonNode linksNode = root.path("links");
        if (linksNode.isArray()) {
            for (JsonNode link : linksNode) {
                links.add(new PiiLink(text(link, "rel"), text(link, "href")));
            }
        }
        VerifiedInformation information = VerifiedInformation.empty();
        JsonNode verified = root.get("verifiedInformation");
        if (verified != null && verified.isObject()) {
            information = VerifiedInformation.of(MAPPER.convertValue(verified, FIELD_MAP));
        }
        return new PiiRequest(id, optionalText(root, "type"), PiiStatus.of(text(root, "status")), links,
                information, instantOrNull(root.get("updateDate")));
    }

    /**
     * Reads an OAuth 2.0 token response.
     *
     * @param body       the response body
     * @param receivedAt when the response arrived, from which {@code expires_in} counts
     * @return the token
     * @throws WireFormatException when the body is not a token response
     */
    public static AccessToken readToken(byte[] body, Instant receivedAt) {
        JsonNode root = tree(body);
        String token = text(root, "access_token");
        JsonNode expiresIn = root.get("expires_in");
        Duration lifetime = expiresIn != null && expiresIn.canConvertToLong() && expiresIn.asLong() > 0
                ? Duration.ofSeconds(expiresIn.asLong()) : UNKNOWN_TOKEN_LIFETIME;
        String scope = optionalText(root, "scope");
        Set<String> scopes = scope == null ? Set.of()
                : Arrays.stream(scope.trim().split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return new AccessToken(token, optionalText(root, "token_type"), receivedAt.plus(lifetime), scopes);
    }

    // ---------------------------------------------------------------- helpers

    /** Unix seconds (integer or fractional, number or numeric text) or ISO-8601 text; null if neither. */
    private static Instant instantOrNull(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return seconds(node.decimalValue());
        }
        return node.isTextual() ? instantOfText(node.asText()) : null;
    }

    /** Numeric text as unix seconds, else ISO-8601 text; null if neither (or out of range). */
    static Instant instantOfText(String value) {
        String text = value.trim();
        try {
            return seconds(new BigDecimal(text));
        } catch (NumberFormatException notNumeric) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notIso) {
                return null;
            }
        }
    }

    /** Unix seconds, whole or fractional; null when no {@link Instant} is that far from the epoch. */
    static Instant seconds(BigDecimal seconds) {
        try {
            BigDecimal whole = new BigDecimal(seconds.toBigInteger());
            long nanos = seconds.subtract(whole).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole.longValueExact(), nanos);
        } catch (ArithmeticException | DateTimeException outOfRange) {
            return null;
        }
    }

    /** A streaming parser over a whole body (the pass reader's, which builds no tree). */
    static JsonParser parser(byte[] body) throws IOException {
        return MAPPER.getFactory().createParser(body);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new WireFormatException("required field '" + field + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual()) {
            throw new WireFormatException("field '" + field + "' is not text");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static JsonNode tree(byte[] body) {
        if (body == null || body.length == 0) {
            throw new WireFormatException("the body is empty");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new WireFormatException("the body is empty");
            }
            return node;
        } catch (JsonProcessingException malformed) {
            throw new WireFormatException("the body is not valid JSON"); // parser detail may quote content
        } catch (IOException unreadable) {
            throw new WireFormatException("the body could not be read");
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("cannot serialise a JSON tree", impossible);
        }
    }

    /**
     * Reads any JSON body into plain Java values (maps, lists, strings, numbers), for tests and
     * diagnostics.
     *
     * @param body the body
     * @return the value
     * @throws WireFormatException when the body is not JSON
     */
    public static Object readGeneric(byte[] body) {
        return MAPPER.convertValue(tree(body), Object.class);
    }

    /** A body that does not have the shape Civic's contract promises. */
    static final class WireFormatException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /**
         * The failure. Messages name fields, never quote values.
         *
         * @param message what is wrong
         */
        public WireFormatException(String message) {
            super(message);
        }
    }
}
