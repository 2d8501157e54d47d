package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.civicpass.model.PiiStatus;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks every response the fake gives for each operation against the schemas of Civic's
 * OpenAPI description. The description lives outside this repository; the test is skipped when
 * it cannot be found (set {@code civicpass.openapi} to its path).
 */
class SpecSchemaTest {

    private static final List<String> CANDIDATES = List.of(
            "../../shared/reference/civic-pass-openapi.yml",
            "../shared/reference/civic-pass-openapi.yml",
            "../../../shared/reference/civic-pass-openapi.yml");
    private static final String WALLET = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";

    private static JsonNode spec;
    private static FakeCivic civic;
    private static RawHttp http;

    @BeforeAll
    static void loadSpecAndStartFake() throws IOException {
        Optional<Path> found = locate();
        Assumptions.assumeTrue(found.isPresent(), "Civic's OpenAPI description was not found (looked for "
                + CANDIDATES + " from " + Path.of("").toAbsolutePath() + "; set -Dcivicpass.openapi=PATH): skipping");
        spec = new ObjectMapper(new YAMLFactory()).readTree(found.get().toFile());
        civic = FakeCivic.builder().confirmationDelay(Duration.ofSeconds(5)).start();
        http = new RawHttp(civic);
    }

    @AfterAll
    static void stopFake() {
        if (civic != null) {
            civic.close();
        }
    }

    private static Optional<Path> locate() {
        String configured = System.getProperty("civicpass.openapi");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Optional.of(Path.of(configured));
        }
        return CANDIDATES.stream().map(Path::of).filter(Files::isRegularFile).findFirst();
    }

    @Test
    void passOperationsConformToTheSpec() {
        String token = http.token();
        String issuePath = "/pass/{chain}/{chainNetwork}";
        String passPath = "/pass/{chain}/{chainNetwork}/{wallet}";

        HttpResponse<String> issued = http.api("POST", "/pass/ethereum/sepolia",
                "{\"walletAddress\":\"" + WALLET + "\"}", token);
        assertConforms(issuePath, "post", "202", issued);

        HttpResponse<String> pending = http.api("GET", "/pass/ethereum/sepolia/" + WALLET, null, token);
        assertConforms(passPath, "get", "200", pending);
        civic.clock().advance(Duration.ofSeconds(6));
        assertConforms(passPath, "get", "200", http.api("GET", "/pass/ethereum/sepolia/" + WALLET, null, token));

        assertConforms(passPath, "patch", "200", http.api("PATCH", "/pass/ethereum/sepolia/" + WALLET,
                "{\"state\":\"FROZEN\"}", token));
        assertConforms(passPath, "patch", "200", http.api("PATCH", "/pass/ethereum/sepolia/" + WALLET,
                "{\"expiryTimestamp\":" + (civic.clock().instant().getEpochSecond() + 3600) + "}", token));
        HttpResponse<String> frozenPending = http.api("GET", "/pass/ethereum/sepolia/" + WALLET, null, token);
        assertConforms(passPath, "get", "200", frozenPending);

        HttpResponse<String> solana = http.api("POST", "/pass/solana/devnet",
                "{\"walletAddress\":\"4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ\"}", token);
        assertConforms(issuePath, "post", "202", solana);

        assertConforms("/pass", "post", "200", http.api("POST", "/pass", "{}", token));
        assertConforms("/pass", "post", "200", http.api("POST", "/pass",
                "{\"limit\":1,\"skip\":0,\"filter\":{\"state\":\"FROZEN\",\"walletAddress\":\"" + WALLET + "\"}}", token));

        HttpResponse<String> revoked = http.api("DELETE", "/pass/ethereum/sepolia/" + WALLET, null, token);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(responses(passPath, "delete")).containsKey("200");
        civic.clock().advance(Duration.ofSeconds(6));
        assertConforms(passPath, "get", "200", http.api("GET", "/pass/ethereum/sepolia/" + WALLET, null, token));
    }

    @Test
    void piiOperationsConformToTheSpec() {
        String token = http.token();
        for (PiiStatus status : PiiStatus.known()) {
            String id = civic.seedPii(PiiSeed.idDocument().status(status));
            assertConforms("/piirequest/{scopeRequestId}", "get", "200", http.api("GET", "/piirequest/" + id, null, token));
        }
        String id = civic.seedPii(PiiSeed.emailOnly());
        assertConforms("/piirequest/{scopeRequestId}", "get", "200", http.api("GET", "/piirequest/" + id, null, token));
        HttpResponse<String> decided = http.api("PUT", "/piirequest/" + id + "/status", "{\"status\":\"partner-pass\"}", token);
        assertThat(decided.statusCode()).isEqualTo(200);
        assertThat(responses("/piirequest/{scopeRequestId}/status", "put")).containsKey("200");
    }

    /** The request bodies the spec describes are the ones the fake accepts. */
    @Test
    void specExamplesAreAccepted() {
        String token = http.token();
        JsonNode wallet = spec.at("/components/schemas/Wallet/properties/walletAddress/example");
        HttpResponse<String> issued = http.api("POST", "/pass/ethereum/sepolia",
                "{\"walletAddress\":\"" + wallet.asText() + "\"}", token);
        assertThat(issued.statusCode()).isIn(202);
        JsonNode expiry = spec.at("/components/schemas/UpdateState/properties/expiryTimestamp/example");
        assertThat(expiry.isNumber()).isTrue();
    }

    private static Map<String, JsonNode> responses(String path, String method) {
        JsonNode node = spec.path("paths").path(path).path(method).path("responses");
        assertThat(node.isObject()).as("%s %s is in the spec", method, path).isTrue();
        java.util.LinkedHashMap<String, JsonNode> map = new java.util.LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue()));
        return map;
    }

    private static void assertConforms(String path, String method, String status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s %s status, body %s", method, path, response.body())
                .isEqualTo(Integer.parseInt(status));
        JsonNode schemaNode = responses(path, method).get(status).at("/content/application~1json/schema");
        assertThat(schemaNode.isMissingNode()).as("schema of %s %s %s", method, path, status).isFalse();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(toJsonSchema(schemaNode));
        Set<ValidationMessage> problems = schema.validate(RawHttp.json(response));
        assertThat(problems).as("%s %s response %s", method, path, response.body()).isEmpty();
    }

    /**
     * An OpenAPI 3.0 schema as a draft-4 JSON Schema: the spec's component schemas become
     * {@code definitions} and every {@code #/components/schemas/X} reference points there. The
     * pass shape is made strict (no properties beyond the spec's) so the fake cannot drift.
     */
    private static JsonNode toJsonSchema(JsonNode openApiSchema) {
        ObjectNode definitions = spec.at("/components/schemas").deepCopy();
        rewriteRefs(definitions);
        ObjectNode pass = (ObjectNode) definitions.get("PassResponse");
        pass.put("additionalProperties", false);
        ObjectNode event = (ObjectNode) pass.at("/properties/events/items");
        event.put("additionalProperties", false);
        ObjectNode root = openApiSchema.deepCopy();
        rewriteRefs(root);
        root.set("definitions", definitions);
        return root;
    }

    private static void rewriteRefs(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual()) {
                object.put("$ref", ref.asText().replace("#/components/schemas/", "#/definitions/"));
            }
            object.remove("example");
            Iterator<JsonNode> children = object.elements();
            while (children.hasNext()) {
                rewriteRefs(children.next());
            }
        } else if (node.isArray()) {
            node.forEach(SpecSchemaTest::rewriteRefs);
        }
    }
}
