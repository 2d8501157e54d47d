package io.civicpass.testkit;

import static io.civicpass.testkit.ApiError.shorten;
import static io.civicpass.testkit.JsonWriter.json;
import static io.civicpass.testkit.JsonWriter.mapper;
import static io.civicpass.testkit.RequestBodies.parseObject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.civicpass.model.PiiStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;

/**
 * The PII desk: the PII requests tests seed, and the endpoints that read one, record the
 * partner's decision on it and hand out its evidence, while it is within its retention. Every
 * read and change happens under the engine's lock.
 */
final class PiiDesk {

    /** The operations this room answers, by the contract's operation id. */
    static final Map<String, RouteTable.Handler> HANDLERS = Map.of(
            "getPii", call -> call.pii().read(call.client(), call.path("scopeRequestId")),
            "updatePiiReceipt", call -> call.pii().decide(call.client(), call.path("scopeRequestId"), call.request()),
            "getPiiEvidence", call -> call.pii().evidence(call.client(), call.path("scopeRequestId"), call.path("rel")));

    /** How long a PII request stays available to the partner. */
    static final Duration PII_RETENTION = Duration.ofDays(7);

    private final Object lock;
    private final FakeClock clock;
    private final Switches switches;
    private final Map<String, StoredPii> piiRequests = new LinkedHashMap<>();
    /** Where the fake's API is, for the links a PII request shows. */
    private volatile URI apiUrl = URI.create("http://127.0.0.1" + FakeCivic.API_PATH);

    PiiDesk(Object lock, FakeClock clock, Switches switches) {
        this.lock = lock;
        this.clock = clock;
        this.switches = switches;
    }

    private static final class StoredPii {
        final String id;
        final String type;
        final Map<String, Object> fields;
        final Map<String, PiiSeed.Item> evidence;
        final String clientId;
        final Instant createdAt;
        String status;
        Instant updatedAt;
        /** Whether a read has handed out the verified information. */
        boolean retrieved;

        StoredPii(String id, PiiSeed seed, Instant now) {
            this.id = id;
            this.type = seed.type();
            this.fields = seed.fields();
            this.evidence = seed.evidenceItems();
            this.clientId = seed.clientIdOrNull();
            this.status = seed.statusValue().value();
            this.createdAt = now;
            this.updatedAt = now;
        }

        boolean showsInformation() {
            return status.equals("verification-success") || status.equals("partner-pass")
                    || status.equals("partner-fail");
        }
    }

    // ------------------------------------------------------------------------------ endpoints

    private StoredPii visiblePii(CivicEngine.Client client, String id, Instant now) {
        StoredPii request = piiRequests.get(id);
        if (request == null || (request.clientId != null && !request.clientId.equals(client.id()))
                || !now.isBefore(request.createdAt.plus(PII_RETENTION))) {
            throw gone(id);
        }
        return request;
    }

    private static ApiError gone(String id) {
        return new ApiError(404, "not_found", "no PII request '" + shorten(id) + "' (it may no longer be available)");
    }

    /**
     * Reads a PII request. A read that shows the verified information retrieves it; with
     * {@link Switches#piiReadOnce} (Civic: available "until retrieved") later reads answer 404, as
     * for a request that is gone, while its evidence and the decision stay available.
     */
    EngineResponse read(CivicEngine.Client client, String id) {
        Instant now = clock.instant();
        synchronized (lock) {
            StoredPii request = visiblePii(client, id, now);
            if (request.retrieved && switches.piiReadOnce) {
                throw gone(id);
            }
            String self = apiUrl + "/piirequest/" + encode(id);
            ObjectNode node = mapper().createObjectNode();
            node.put("id", request.id);
            node.put("type", request.type);
            node.put("status", request.status);
            ArrayNode links = node.putArray("links");
            links.addObject().put("rel", "self").put("href", self);
            if (request.showsInformation()) {
                for (String rel : request.evidence.keySet()) {
                    links.addObject().put("rel", rel).put("href", self + "/evidence/" + encode(rel));
                }
                node.set("verifiedInformation", mapper().valueToTree(request.fields));
                request.retrieved = true;
            } else {
                node.putObject("verifiedInformation");
            }
            node.put("updateDate", request.updatedAt.toString());
            return json(200, node);
        }
    }

    EngineResponse decide(CivicEngine.Client client, String id, RecordedRequest request) {
        JsonNode body = parseObject(request.body(), false);
        JsonNode statusNode = body.get("status");
        if (statusNode == null || !statusNode.isTextual()
                || !(statusNode.asText().equals("partner-pass") || statusNode.asText().equals("partner-fail"))) {
            throw new ApiError(400, "bad_request", "status must be partner-pass or partner-fail");
        }
        String decision = statusNode.asText();
        Instant now = clock.instant();
        synchronized (lock) {
            StoredPii pii = visiblePii(client, id, now);
            if (pii.status.equals(decision)) {
                return JsonWriter.ok(); // the same decision again
            }
            if (!pii.status.equals("verification-success")) {
                throw new ApiError(409, "conflict", "the PII request is in status " + pii.status
                        + "; a decision is only possible in status verification-success"
                        + (switches.echoSecretsInErrors ? echoed(pii) : ""));
            }
            pii.status = decision;
            pii.updatedAt = now;
        }
        return JsonWriter.ok();
    }

    EngineResponse evidence(CivicEngine.Client client, String id, String rel) {
        Instant now = clock.instant();
        synchronized (lock) {
            StoredPii pii = visiblePii(client, id, now);
            PiiSeed.Item item = pii.showsInformation() ? pii.evidence.get(rel) : null;
            if (item == null) {
                throw new ApiError(404, "not_found", "no evidence '" + shorten(rel) + "' for this PII request");
            }
            return EngineResponse.of(200, item.contentType(), item.bytes().clone());
        }
    }

    /** The personal data a careless server puts in an error message: name, document number, email. */
    private static String echoed(StoredPii pii) {
        StringBuilder out = new StringBuilder(" (request of");
        for (String field : new String[] {"name", "documentNumber", "email"}) {
            Object value = pii.fields.get(field);
            if (value != null) {
                out.append(' ').append(field).append(' ').append(value);
            }
        }
        return out.append(')').toString();
    }

    // ------------------------------------------------------------------------------ controls

    void setApiUrl(URI value) {
        this.apiUrl = value;
    }

    void clear() {
        synchronized (lock) {
            piiRequests.clear();
        }
    }

    /**
     * Plants several PII requests, all or none.
     *
     * @return their ids, in the order given
     * @throws IllegalArgumentException naming the first seed ({@code [i]}) whose id is taken
     */
    java.util.List<String> seedAll(java.util.List<PiiSeed> seeds) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (PiiSeed seed : seeds) {
            ids.add(seed.idOrNull() != null ? seed.idOrNull() : UUID.randomUUID().toString());
        }
        synchronized (lock) {
            java.util.Set<String> taken = new java.util.HashSet<>(piiRequests.keySet());
            for (int i = 0; i < ids.size(); i++) {
                if (!taken.add(ids.get(i))) {
                    throw new IllegalArgumentException("[" + i + "].id: a PII request with id '" + ids.get(i)
                            + "' exists already");
                }
            }
            Instant now = clock.instant();
            for (int i = 0; i < ids.size(); i++) {
                piiRequests.put(ids.get(i), new StoredPii(ids.get(i), seeds.get(i), now));
            }
        }
        return ids;
    }

    String seed(PiiSeed seed) {
        Objects.requireNonNull(seed, "seed == null");
        String id = seed.idOrNull() != null ? seed.idOrNull() : UUID.randomUUID().toString();
        synchronized (lock) {
            if (piiRequests.containsKey(id)) {
                throw new IllegalStateException("a PII request with id '" + id + "' already exists");
            }
            piiRequests.put(id, new StoredPii(id, seed, clock.instant()));
        }
        return id;
    }

    PiiStatus status(String id) {
        synchronized (lock) {
            StoredPii request = piiRequests.get(id);
            if (request == null) {
                throw new NoSuchElementException("no PII request '" + id + "' was seeded");
            }
            return PiiStatus.of(request.status);
        }
    }

    /** Percent-encodes a path segment for a link, as RFC 3986 leaves only unreserved characters. */
    private static String encode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
