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
 * Writes what the fake answers as JSON: a pass as Civic shows it, and the bytes of a JSON
 * response (error bodies are {@link ErrorBodies}'s). Uses its own mapper (also the one {@link RequestBodies} reads with), never the
 * client's codec, so the fake cannot share a bug with the library it tests.
 *
 * <p>The mapper is built on first use ({@link #mapper()}): building it is most of what a fresh
 * JVM spends before the fake can answer. Error bodies, the answers most likely to come first
 * (a request without a token), are written without it ({@link ErrorBodies}), in the same bytes.
 */
final class JsonWriter {

    static final String JSON_TYPE = "application/json; charset=utf-8";

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
