package io.civicpass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.spi.Headers;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport written by hand against the SPI alone, as a third party would: a blocking-only
 * exchange that answers from maps of JSON, every request recorded. Shows that the client needs
 * nothing but the SPI, and that core supplies the non-blocking face a transport lacks.
 */
final class HandWrittenTransport implements Transport {

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger tokenRequests = new AtomicInteger();
    /** Passes by "chain/network/wallet", as Civic's JSON. */
    final Map<String, ObjectNode> passes = Collections.synchronizedMap(new LinkedHashMap<>());
    /** PII requests by id, as Civic's JSON. */
    final Map<String, ObjectNode> pii = new ConcurrentHashMap<>();
    final List<HttpRequest> requests = new CopyOnWriteArrayList<>();
    volatile TransportSettings settings;
    volatile boolean closed;
    /** Until a pass has been read this many times, it shows as pending. */
    volatile int readsUntilConfirmed;
    /** When set, list requests from this offset on are answered with this status. */
    volatile int listFailureStatus;
    volatile int listFailureFromSkip = Integer.MAX_VALUE;
    /** When set, every API route answers 404, as a wrong API base URL would. */
    volatile boolean failRoutes;
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "hand-written";
    }

    @Override
    public TransportConnection connect(TransportSettings given) {
        this.settings = given;
        HttpExchange exchange = this::answer;
        return new TransportConnection() {
            @Override
            public Optional<HttpExchange> blocking() {
                return Optional.of(exchange);
            }

            @Override
            public Optional<io.civicpass.spi.AsyncHttpExchange> async() {
                return Optional.empty();
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    /** The last request's header, or null. */
    String lastHeader(String name) {
        return requests.isEmpty() ? null : requests.get(requests.size() - 1).headers().firstOrNull(name);
    }

    static String keyOf(PassKey key) {
        return key.chain().value() + "/" + key.network().value() + "/" + key.wallet().value();
    }

    static ObjectNode pass(PassKey key, String state, String confirmedEvent) {
        ObjectNode pass = JSON.createObjectNode();
        pass.put("id", "id-" + key.wallet().value());
        pass.putObject("chain").put("type", key.chain().value()).put("network", key.network().value());
        pass.put("gatekeeperNetwork", "tgnuXXNMDLK8dy7Xm1TdeGyc95MDym4bvAQCwcW21Bf");
        pass.put("walletAddress", key.wallet().value());
        pass.put("state", state);
        pass.put("onChainState", state);
        ArrayNode events = pass.putArray("events");
        events.addObject().put("eventType", confirmedEvent + "_INITIATED").put("timestamp", 1_700_000_000);
        events.addObject().put("eventType", confirmedEvent).put("timestamp", 1_700_000_005);
        return pass;
    }

    void seedPii(String id) {
        ObjectNode request = JSON.createObjectNode();
        request.put("id", id).put("type", "gatekeeperProofOfIdentityWithIdDocument-v3").put("status", "verification-success");
        ArrayNode links = request.putArray("links");
        String base = "https://api.civic.com/partner/piirequest/" + id;
        links.addObject().put("rel", "self").put("href", base);
        links.addObject().put("rel", "idDocumentFront").put("href", base + "/evidence/idDocumentFront");
        request.putObject("verifiedInformation").put("email", "user@example.com");
        request.put("updateDate", 0);
        pii.put(id, request);
    }

    private HttpResponse answer(HttpRequest request) {
        requests.add(request);
        String path = request.uri().getRawPath();
        if (path.equals("/oauth/token")) {
            tokenRequests.incrementAndGet();
            return json(200, JSON.createObjectNode().put("access_token", "token-" + tokenRequests.get())
                    .put("token_type", "Bearer").put("expires_in", 3600));
        }
        if (failRoutes) {
            return json(404, JSON.createObjectNode().put("message", "no route"));
        }
        String api = path.substring("/partner".length());
        String[] parts = api.substring(1).split("/");
        if (parts[0].equals("pass") && parts.length == 1) {
            return list(body(request));
        }
        if (parts[0].equals("pass") && parts.length == 3 && request.method() == HttpMethod.POST) {
            String key = parts[1] + "/" + parts[2] + "/" + body(request).get("walletAddress").asText();
            calls.add("issue " + display(key));
            ObjectNode pass = pass(parse(key), "ACTIVE", "TOKEN_ISSUED");
            passes.put(key, pass);
            return json(202, pending(pass));
        }
        if (parts[0].equals("pass") && parts.length == 4) {
            return pass(request, parts[1] + "/" + parts[2] + "/" + parts[3]);
        }
        if (parts[0].equals("piirequest")) {
            return piiRequest(request, parts);
        }
        return json(404, JSON.createObjectNode().put("message", "no route"));
    }

    private HttpResponse pass(HttpRequest request, String key) {
        String shown = display(key);
        ObjectNode pass = passes.get(key);
        switch (request.method()) {
            case GET:
                calls.add("retrieve " + shown);
                if (pass == null) {
                    return json(404, JSON.createObjectNode().put("message", "not found"));
                }
                int read = reads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                return json(200, read <= readsUntilConfirmed ? pending(pass) : pass);
            case PATCH:
                JsonNode update = body(request);
                String state = update.hasNonNull("state") ? update.get("state").asText() : null;
                String expiry = update.hasNonNull("expiryTimestamp")
                        ? java.time.Instant.ofEpochSecond(update.get("expiryTimestamp").asLong()).toString() : null;
                calls.add("update " + shown + " " + state + " " + expiry);
                if (pass == null) {
                    return json(404, JSON.createObjectNode().put("message", "not found"));
                }
                if (state != null) {
                    passes.put(key, pass(parse(key), state, state.equals("FROZEN") ? "TOKEN_FROZEN" : "TOKEN_UNFROZEN"));
                }
                return json(200, JSON.createObjectNode().put("status", "ok"));
            case DELETE:
                calls.add("revoke " + shown);
                if (pass == null) {
                    return json(404, JSON.createObjectNode().put("message", "not found"));
                }
                passes.put(key, pass(parse(key), "REVOKED", "TOKEN_REVOKED"));
                return json(200, JSON.createObjectNode().put("status", "ok"));
            default:
                return json(405, JSON.createObjectNode().put("message", "method"));
        }
    }

    private HttpResponse list(JsonNode query) {
        int skip = query.path("skip").asInt(0);
        int limit = query.path("limit").asInt(20);
        calls.add("list " + skip);
        if (listFailureStatus != 0 && skip >= listFailureFromSkip) {
            return json(listFailureStatus, JSON.createObjectNode().put("message", "failing page"));
        }
        String state = query.path("filter").path("state").asText(null);
        List<ObjectNode> all;
        synchronized (passes) {
            all = new ArrayList<>(passes.values());
        }
        List<ObjectNode> matching = all.stream().filter(p -> state == null || p.get("state").asText().equals(state)).toList();
        int from = Math.min(skip, matching.size());
        int to = Math.min(from + limit, matching.size());
        ObjectNode page = JSON.createObjectNode();
        page.putArray("records").addAll(matching.subList(from, to));
        return json(200, page);
    }

    private HttpResponse piiRequest(HttpRequest request, String[] parts) {
        String id = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
        ObjectNode found = pii.get(id);
        if (parts.length == 4 && parts[2].equals("evidence")) {
            calls.add("download /piirequest/" + parts[1] + "/evidence/" + parts[3]);
            return HttpResponse.of(200, Headers.builder().add("Content-Type", "image/jpeg").build(),
                    ("/piirequest/" + parts[1] + "/evidence/" + parts[3]).getBytes(StandardCharsets.UTF_8));
        }
        if (parts.length == 3 && parts[2].equals("status")) {
            String status = body(request).get("status").asText();
            calls.add("decide " + id + " " + (status.equals("partner-pass") ? "APPROVE" : "REJECT"));
            if (found == null) {
                return json(404, JSON.createObjectNode().put("message", "not found"));
            }
            found.put("status", status);
            return json(200, JSON.createObjectNode().put("status", "ok"));
        }
        calls.add("pii " + id);
        return found == null ? json(404, JSON.createObjectNode().put("message", "not found")) : json(200, found);
    }

    private static ObjectNode pending(ObjectNode pass) {
        ObjectNode copy = pass.deepCopy();
        ArrayNode events = (ArrayNode) copy.get("events");
        events.remove(events.size() - 1);
        copy.put("onChainState", "FROZEN");
        return copy;
    }

    private static JsonNode body(HttpRequest request) {
        try {
            return JSON.readTree(request.body());
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static HttpResponse json(int status, JsonNode node) {
        try {
            return HttpResponse.of(status, Headers.builder().add("Content-Type", "application/json").build(),
                    JSON.writeValueAsBytes(node));
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }

    private static PassKey parse(String key) {
        String[] parts = key.split("/");
        return PassKey.of(ChainNetwork.of(parts[1]), parts[2]);
    }

    private static String display(String key) {
        return parse(key).toString();
    }
}
