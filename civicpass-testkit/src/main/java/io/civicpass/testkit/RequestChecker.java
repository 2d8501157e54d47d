package io.civicpass.testkit;

import static io.civicpass.testkit.ApiError.shorten;
import static io.civicpass.testkit.JsonWriter.mapper;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Request checking: holds every request body to the project's description of Civic's API
 * ({@code civic-contract.json} beside this class), so the fake refuses with a 400 naming the
 * field what Civic's contract does not allow: a field it does not know, a value of the wrong JSON
 * type, a value outside an enum, a missing required field. It runs before the rooms, which then
 * check what the contract cannot say (a wallet's format, a timestamp in the future, whole
 * numbers). A body that is not a JSON object is left to the rooms, which word that refusal.
 *
 * <p>The token endpoint keeps the leniency Civic's documentation gives it, no more: both request
 * styles work (a form body with Basic credentials, or the credentials in a JSON body), but each
 * only with its own fields. Its enums and required fields are left to the OAuth desk, which
 * answers them with Auth0's error codes ({@code unsupported_grant_type}, ...).
 */
final class RequestChecker {

    /** The contract's resource name, beside this class. */
    static final String CONTRACT_RESOURCE = "civic-contract.json";
    private static final String JSON_MEDIA = "application/json";
    private static final String FORM_MEDIA = "application/x-www-form-urlencoded";

    private final JsonNode contract;
    private final JsonNode components;
    private final JsonNode tokenContent;

    private RequestChecker(JsonNode contract) {
        this.contract = contract;
        this.components = contract.path("components");
        JsonNode token = null;
        for (JsonNode operation : contract.path("operations")) {
            if (operation.path("host").asText().equals("tokenUrl")) {
                token = operation.path("request").path("content");
            }
        }
        if (token == null) {
            throw new IllegalStateException(CONTRACT_RESOURCE + " has no token operation");
        }
        this.tokenContent = token;
    }

    /**
     * The checker for Civic's contract, read once from the class path on first use (the holder's
     * class initialisation makes that thread-safe), so a fresh JVM answers a request that needs no
     * check without waiting for the contract to be read.
     */
    static RequestChecker civic() {
        return Civic.CHECKER;
    }

    private static final class Civic {
        static final RequestChecker CHECKER = new RequestChecker(loadContract());
    }

    /**
     * The contract this checker holds requests to, which the {@link RouteTable} is built from.
     *
     * @return the contract, read once
     */
    JsonNode contract() {
        return contract;
    }

    /** The contract as this project wrote it, from the class path. */
    static JsonNode loadContract() {
        try (InputStream in = RequestChecker.class.getResourceAsStream(CONTRACT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CONTRACT_RESOURCE + " is missing beside " + RequestChecker.class.getName());
            }
            return mapper().readTree(in);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read " + CONTRACT_RESOURCE, unreadable);
        }
    }

    // ------------------------------------------------------------------------------ API requests

    /**
     * Checks the body of an API request against its route's request schema; does nothing for a
     * route without a JSON request body.
     *
     * @param schema  the route's schema for {@code application/json} ({@link RouteTable.Route#jsonRequestSchema()}),
     *                or null
     * @param request the request
     * @throws ApiError a 400 naming the offending field
     */
    void checkApi(JsonNode schema, RecordedRequest request) {
        JsonNode body = schema == null ? null : jsonObject(request.body());
        if (body != null) {
            check(schema, body, "", true, false);
        }
    }

    // ------------------------------------------------------------------------------ token requests

    /**
     * Checks a token request's body against the style its content type names: the JSON style's
     * fields only in a JSON body, the form style's only in a form body.
     *
     * @param request the request to the token endpoint
     * @throws ApiError a 400 in the OAuth shape naming the offending field
     */
    void checkToken(RecordedRequest request) {
        String contentType = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (contentType.startsWith(JSON_MEDIA)) {
            JsonNode body = jsonObject(request.body());
            if (body != null) {
                check(tokenContent.path(JSON_MEDIA), body, "", false, true);
            }
        } else if (contentType.startsWith(FORM_MEDIA)) {
            JsonNode fields = resolve(tokenContent.path(FORM_MEDIA)).path("fields");
            for (String pair : request.bodyText().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name;
                try {
                    name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    return; // the OAuth desk refuses a malformed form in its own words
                }
                if (!fields.has(name)) {
                    throw new ApiError(400, "invalid_request", "unknown parameter '" + shorten(name)
                            + "' in a form-style token request; send only " + names(fields)
                            + " with Basic credentials", true);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------ the checks

    private static JsonNode jsonObject(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode node = mapper().readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException malformed) {
            return null; // the rooms refuse malformed JSON in their own words
        }
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int depth = 0; current.has("ref"); depth++) {
            JsonNode target = components.get(current.get("ref").asText());
            if (target == null || depth > 16) {
                throw new IllegalStateException(CONTRACT_RESOURCE + ": bad ref " + current.get("ref"));
            }
            current = target;
        }
        return current;
    }

    /**
     * Checks a value against a schema; {@code valuesToo} adds enums and required fields to the
     * fields and types always checked.
     */
    private void check(JsonNode schema, JsonNode value, String where, boolean valuesToo, boolean oauth) {
        JsonNode resolved = resolve(schema);
        String type = resolved.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    throw refusal(where + " must be an object", oauth);
                }
                JsonNode fields = resolved.path("fields");
                boolean open = resolved.path("open").asBoolean(false);
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    String name = where.isEmpty() ? field.getKey() : where + "." + field.getKey();
                    JsonNode fieldSchema = fields.get(field.getKey());
                    if (fieldSchema == null) {
                        if (!open) {
                            throw refusal("unknown field '" + shorten(name) + "': Civic's contract allows only "
                                    + names(fields) + (where.isEmpty() ? "" : " in " + where), oauth);
                        }
                        continue;
                    }
                    check(fieldSchema, field.getValue(), name, valuesToo, oauth);
                }
                if (valuesToo) {
                    for (Map.Entry<String, JsonNode> field : fields.properties()) {
                        if (field.getValue().path("required").asBoolean(false) && !value.has(field.getKey())) {
                            throw refusal((where.isEmpty() ? "" : where + ".") + field.getKey() + " is required", oauth);
                        }
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    throw refusal(where + " must be an array", oauth);
                }
                int index = 0;
                for (JsonNode item : value) {
                    check(resolved.path("items"), item, where + "[" + index++ + "]", valuesToo, oauth);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    throw refusal(where + " must be a string", oauth);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    throw refusal(where + " must be a number", oauth);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    throw refusal(where + " must be true or false", oauth);
                }
            }
            default -> throw new IllegalStateException(CONTRACT_RESOURCE + ": no type for " + where);
        }
        JsonNode allowed = resolved.get("enum");
        if (valuesToo && allowed != null) {
            for (JsonNode candidate : allowed) {
                if (candidate.equals(value)) {
                    return;
                }
            }
            throw refusal(where + " must be one of " + values(allowed), oauth);
        }
    }

    private static ApiError refusal(String message, boolean oauth) {
        return oauth ? new ApiError(400, "invalid_request", message, true) : new ApiError(400, "bad_request", message);
    }

    private static String names(JsonNode fields) {
        List<String> names = new ArrayList<>();
        fields.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    private static String values(JsonNode allowed) {
        List<String> values = new ArrayList<>();
        allowed.forEach(value -> values.add(value.asText()));
        return values.toString();
    }
}
