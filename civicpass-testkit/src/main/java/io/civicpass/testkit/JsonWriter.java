package io.civicpass.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;

/**
 * Writes what the fake answers as JSON: a pass as Civic shows it, the API's and the OAuth
 * endpoint's error bodies, the error codes and reason phrases of statuses, and the bytes of a
 * JSON response. Uses its own mapper (also the one {@link RequestBodies} reads with), never the
 * client's codec, so the fake cannot share a bug with the library it tests.
 *
 * <p>The mapper is built on first use ({@link #mapper()}): building it is most of what a fresh
 * JVM spends before the fake can answer. Error bodies, the answers most likely to come first
 * (a request without a token), go through Jackson's streaming generator alone, which writes the
 * same bytes the mapper would, since the mapper writes a tree with that generator.
 */
final class JsonWriter {

    static final String JSON_TYPE = "application/json; charset=utf-8";
    /** The streaming factory of the error bodies: a small part of Jackson, quick to load. */
    private static final JsonFactory ERRORS = new JsonFactory();

    private JsonWriter() {
    }

    /** Built on first use (the holder's class initialisation makes that thread-safe, and once). */
    private static final class Mapper {
        /** The fake's one mapper; strict about trailing tokens for the bodies it reads. */
        static final ObjectMapper JSON = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /**
     * The fake's one mapper, built on first use; strict about trailing tokens for the bodies it
     * reads.
     */
    static ObjectMapper mapper() {
        return Mapper.JSON;
    }

    static EngineResponse json(int status, JsonNode node) {
        return EngineResponse.of(status, JSON_TYPE, bytes(node));
    }

    /** Civic's answer to a change it accepted: {@code {"status":"ok"}}. */
    static EngineResponse ok() {
        return json(200, mapper().createObjectNode().put("status", "ok"));
    }

    static byte[] bytes(JsonNode node) {
        try {
            return mapper().writeValueAsBytes(node);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("cannot write JSON", impossible);
        }
    }

    /** The API's error body, {@code {"error":..., "message":...}}. */
    static byte[] errorBody(String code, String message) {
        return twoFields("error", code, "message", message);
    }

    /** The OAuth endpoint's error body, {@code {"error":..., "error_description":...}}. */
    static byte[] oauthError(String code, String description) {
        return twoFields("error", code, "error_description", description);
    }

    /** An object of two string fields, as the mapper writes it (a null value as JSON null). */
    private static byte[] twoFields(String firstName, String first, String secondName, String second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (first == null ? 0 : first.length())
                + (second == null ? 0 : second.length()));
        try (JsonGenerator generator = ERRORS.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField(firstName, first);
            generator.writeStringField(secondName, second);
            generator.writeEndObject();
        } catch (IOException impossible) {
            throw new IllegalStateException("cannot write JSON", impossible);
        }
        return out.toByteArray();
    }

    static String errorCode(int status) {
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

    /** A pass as Civic's JSON shows it at a time. */
    static ObjectNode passJson(StoredPass pass, Instant now) {
        ObjectNode node = mapper().createObjectNode();
        node.putObject("chain").put("type", pass.chain).put("network", pass.network);
        node.put("gatekeeperNetwork", pass.gatekeeperNetwork);
        node.put("walletAddress", pass.wallet);
        ArrayNode events = node.putArray("events");
        for (StoredPass.EventView event : pass.events(now)) {
            ObjectNode eventNode = events.addObject();
            eventNode.put("eventType", event.type());
            eventNode.put("timestamp", event.at().getEpochSecond());
            eventNode.putObject("transaction").put("identifier", event.transaction()).put("status", event.status());
        }
        node.put("id", pass.id);
        node.put("onChainState", pass.onChainState(now));
        node.put("state", pass.state(now));
        return node;
    }
}
