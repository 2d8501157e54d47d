package io.civicpass.testkit;

import static io.civicpass.testkit.JsonWriter.mapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads JSON request bodies as strictly as Civic does: an object or a 400, typed fields or a
 * 400, in the API's error shape or, for the token endpoint, the OAuth one. Kept apart from the
 * rooms so that every endpoint refuses a bad body with the same words.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    static JsonNode parseObject(byte[] body, boolean oauth) {
        if (body.length == 0) {
            throw new ApiError(400, oauth ? "invalid_request" : "bad_request", "the request body is required", oauth);
        }
        JsonNode node;
        try {
            node = mapper().readTree(body);
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

    static String optionalText(JsonNode node, String field, boolean oauth) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ApiError(400, oauth ? "invalid_request" : "bad_request", field + " must be a string", oauth);
        }
        return value.asText();
    }

    static int wholeNumber(JsonNode body, String field, int fallback, int min, int max) {
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
}
