package io.civicpass.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Writes what the fake answers as JSON: a pass as Civic shows it, the API's and the OAuth
 * endpoint's error bodies, the error codes and reason phrases of statuses, and the bytes of a
 * JSON response. Uses its own mapper (also the one {@link RequestBodies} reads with), never the
 * client's codec, so the fake cannot share a bug with the library it tests.
 */
final class JsonWriter {

    /** The fake's one mapper; strict about trailing tokens for the bodies it reads. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    static final String JSON_TYPE = "application/json; charset=utf-8";

    private JsonWriter() {
    }

    static EngineResponse json(int status, JsonNode node) {
        return EngineResponse.of(status, JSON_TYPE, bytes(node));
    }

    /** Civic's answer to a change it accepted: {@code {"status":"ok"}}. */
    static EngineResponse ok() {
        return json(200, JSON.createObjectNode().put("status", "ok"));
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("cannot write JSON", impossible);
        }
    }

    static byte[] errorBody(String code, String message) {
        return bytes(JSON.createObjectNode().put("error", code).put("message", message));
    }

    static byte[] oauthError(String code, String description) {
        return bytes(JSON.createObjectNode().put("error", code).put("error_description", description));
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
        ObjectNode node = JSON.createObjectNode();
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
