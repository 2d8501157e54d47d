package io.civicpass.testkit;

import static io.civicpass.testkit.ApiError.shorten;
import static io.civicpass.testkit.JsonWriter.mapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the admin API's JSON requests and writes its answers, with the fake's own mapper
 * ({@link JsonWriter}): every refusal is a 400 naming the field ({@code passes[1].chain: ...}),
 * and the journal as served is redacted here ({@code Authorization} values and client secrets).
 */
final class AdminJson {

    static final String REDACTED = "[redacted]";
    private static final Pattern FORM_SECRET = Pattern.compile("(^|&)(client_secret=)[^&]*");
    private static final Pattern JSON_SECRET = Pattern.compile("(\"client_secret\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");

    private AdminJson() {
    }

    /** A refusal of the admin API: 400, the message naming the field. */
    static ApiError bad(String field, String problem) {
        return new ApiError(400, "bad_request", field.isEmpty() ? problem : field + ": " + problem);
    }

    /** The field's name below a parent's ({@code [1]} and {@code chain} give {@code [1].chain}). */
    static String field(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** The body as JSON: any value, or a 400 naming the body. */
    static JsonNode body(RecordedRequest request) {
        byte[] bytes = request.body();
        if (bytes.length == 0) {
            throw bad("body", "a JSON body is required");
        }
        try {
            JsonNode node = mapper().readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw bad("body", "a JSON body is required");
            }
            return node;
        } catch (JsonProcessingException malformed) {
            throw bad("body", "not valid JSON");
        } catch (IOException unreadable) {
            throw bad("body", "cannot be read");
        }
    }

    /** The body as a JSON object; an empty body is an empty object when {@code emptyIsNone}. */
    static JsonNode object(RecordedRequest request, boolean emptyIsNone) {
        if (emptyIsNone && request.body().length == 0) {
            return mapper().createObjectNode();
        }
        JsonNode node = body(request);
        if (!node.isObject()) {
            throw bad("body", "must be a JSON object");
        }
        return node;
    }

    /** Refuses any field of the object not in {@code known}, naming it. */
    static void onlyFields(JsonNode object, String parent, Set<String> known) {
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw bad(field(parent, shorten(name)), "unknown field; expected one of " + known.stream().sorted().toList());
            }
        });
    }

    /** An object, or a 400 naming it. */
    static JsonNode requireObject(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw bad(field, "must be a JSON object");
        }
        return node;
    }

    static String text(JsonNode object, String parent, String name, boolean required) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw bad(field(parent, name), "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw bad(field(parent, name), "must be a string");
        }
        return value.asText();
    }

    static String oneOf(JsonNode object, String parent, String name, List<String> allowed, String fallback) {
        String value = text(object, parent, name, fallback == null);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw bad(field(parent, name), "must be one of " + allowed + ", was '" + shorten(value) + "'");
        }
        return value;
    }

    static Boolean bool(JsonNode object, String parent, String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw bad(field(parent, name), "must be true or false");
        }
        return value.asBoolean();
    }

    /** A whole number within bounds, or null when absent. */
    static Long whole(JsonNode object, String parent, String name, long min, long max) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        return whole(value, field(parent, name), min, max);
    }

    static long whole(JsonNode value, String field, long min, long max) {
        if (!value.isNumber()) {
            throw bad(field, "must be a number");
        }
        BigDecimal number = value.decimalValue();
        if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
            throw bad(field, "must be a whole number");
        }
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw bad(field, "must be between " + min + " and " + max + ", was " + shorten(number.toPlainString()));
        }
        return number.longValue();
    }

    /**
     * The query's parameters (each once); a parameter not in {@code known}, a repeated one or a
     * bad escape is a 400 naming it.
     */
    static Map<String, String> query(String raw, Set<String> known) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException badEscape) {
                throw bad("query", "malformed percent-encoding");
            }
            if (!known.contains(name)) {
                throw bad(shorten(name), "unknown query parameter; expected one of " + known.stream().sorted().toList());
            }
            if (params.put(name, value) != null) {
                throw bad(name, "given twice");
            }
        }
        return params;
    }

    static long queryNumber(Map<String, String> params, String name, long fallback, long min, long max) {
        String text = params.get(name);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException notNumber) {
            throw bad(name, "must be a whole number, was '" + shorten(text) + "'");
        }
        if (value < min || value > max) {
            throw bad(name, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** A request as the admin journal shows it, redacted unless {@code showSecrets}. */
    static ObjectNode recorded(long seq, RecordedRequest request, boolean showSecrets) {
        ObjectNode node = mapper().createObjectNode();
        node.put("seq", seq);
        node.put("method", request.method());
        node.put("path", request.path());
        ObjectNode headers = node.putObject("headers");
        request.headers().forEach((name, values) -> {
            ArrayNode list = headers.putArray(name);
            boolean secret = name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Proxy-Authorization");
            for (String value : values) {
                list.add(secret && !showSecrets ? redactCredentials(value) : value);
            }
        });
        node.put("body", showSecrets ? request.bodyText() : redactBody(request.bodyText()));
        return node;
    }

    /** {@code Basic abc} becomes {@code Basic [redacted]}: the scheme stays, for tests that check it. */
    static String redactCredentials(String value) {
        String trimmed = value.trim();
        int space = trimmed.indexOf(' ');
        return space < 0 ? REDACTED : trimmed.substring(0, space) + " " + REDACTED;
    }

    /** A token request's client secret redacted, in the form body and the JSON body alike. */
    static String redactBody(String body) {
        String form = FORM_SECRET.matcher(body).replaceAll("$1$2" + Matcher.quoteReplacement(REDACTED));
        return JSON_SECRET.matcher(form).replaceAll("$1\"" + Matcher.quoteReplacement(REDACTED) + "\"");
    }
}
