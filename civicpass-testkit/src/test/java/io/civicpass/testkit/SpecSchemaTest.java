package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.civicpass.model.PiiStatus;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks every response the fake gives for each operation against the schemas of the project's
 * own description of Civic's API ({@code civic-contract.json} in the testkit's resources, which
 * the build's drift check holds to Civic's published document). The contract is in the
 * repository, so this test always runs. Its schemas become draft-4 JSON Schemas for an
 * independent validator (not the fake's own {@link RequestChecker}); objects are closed unless
 * the contract marks them open, so the fake cannot add a field Civic does not show.
 */
class SpecSchemaTest {

    private static final String WALLET = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static JsonNode contract;
    private static FakeCivic civic;
    private static RawHttp http;

    @BeforeAll
    static void loadContractAndStartFake() {
        contract = RequestChecker.loadContract();
        civic = FakeCivic.builder().confirmationDelay(Duration.ofSeconds(5)).start();
        http = new RawHttp(civic);
    }

    /** Tests share the fake, and a second issue to a wallet is refused (409) by default. */
    @BeforeEach
    void forgetOtherTests() {
        civic.reset();
    }

    @AfterAll
    static void stopFake() {
        if (civic != null) {
            civic.close();
        }
    }

    @Test
    void passOperationsConformToTheContract() {
        String token = http.token();
        String issuePath = "/pass/{chain}/{chainNetwork}";
        String passPath = "/pass/{chain}/{chainNetwork}/{wallet}";

        HttpResponse<String> issued = http.api("POST", "/pass/ethereum/sepolia",
                "{\"walletAddress\":\"" + WALLET + "\"}", token);
        assertConforms(issuePath, "POST", "202", issued);

        civic.clock().advance(Duration.ofSeconds(6));
        assertConforms(passPath, "GET", "200", http.api("GET", "/pass/ethereum/sepolia/" + WALLET, null, token));

        assertConforms(passPath, "PATCH", "200", http.api("PATCH", "/pass/ethereum/sepolia/" + WALLET,
                "{\"state\":\"FROZEN\"}", token));
        assertConforms(passPath, "PATCH", "200", http.api("PATCH", "/pass/ethereum/sepolia/" + WALLET,
                "{\"expiryTimestamp\":" + (civic.clock().instant().getEpochSecond() + 3600) + "}", token));
        HttpResponse<String> frozenPending = http.api("GET", "/pass/ethereum/sepolia/" + WALLET, null, token);
        assertConforms(passPath, "GET", "200", frozenPending);

        HttpResponse<String> solana = http.api("POST", "/pass/solana/devnet",
                "{\"walletAddress\":\"4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ\"}", token);
        assertConforms(issuePath, "POST", "202", solana);

        assertConforms("/pass", "POST", "200", http.api("POST", "/pass", "{}", token));
        assertConforms("/pass", "POST", "200", http.api("POST", "/pass",
                "{\"limit\":1,\"skip\":0,\"filter\":{\"state\":\"FROZEN\",\"walletAddress\":\"" + WALLET + "\"}}", token));

        assertStatusListed(passPath, "DELETE", "200", http.api("DELETE", "/pass/ethereum/sepolia/" + WALLET, null, token));
        civic.clock().advance(Duration.ofSeconds(6));
        assertConforms(passPath, "GET", "200", http.api("GET", "/pass/ethereum/sepolia/" + WALLET, null, token));
        assertStatusListed(passPath, "GET", "404", http.api("GET", "/pass/ethereum/sepolia/"
                + "0x0000000000000000000000000000000000000001", null, token));
        assertStatusListed(issuePath, "POST", "400", http.api("POST", "/pass/ethereum/sepolia",
                "{\"walletAddress\":\"0x1234\"}", token));
        assertStatusListed(issuePath, "POST", "401", http.api("POST", "/pass/ethereum/sepolia",
                "{\"walletAddress\":\"" + WALLET + "\"}", "not-a-token"));
    }

    @Test
    void piiOperationsConformToTheContract() {
        String token = http.token();
        for (PiiStatus status : PiiStatus.known()) {
            String id = civic.seedPii(PiiSeed.idDocument().status(status));
            assertConforms("/piirequest/{scopeRequestId}", "GET", "200", http.api("GET", "/piirequest/" + id, null, token));
        }
        String withEvidence = civic.seedPii(PiiSeed.idDocument());
        HttpResponse<byte[]> front = http.apiBytes("/piirequest/" + withEvidence + "/evidence/idDocumentFront", token);
        assertThat(front.statusCode()).isEqualTo(200);
        assertThat(operation("/piirequest/{scopeRequestId}/evidence/{rel}", "GET").at("/responses/200/content")
                .has("image/*")).isTrue();
        assertThat(front.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("image/"));

        String id = civic.seedPii(PiiSeed.emailOnly());
        assertConforms("/piirequest/{scopeRequestId}", "GET", "200", http.api("GET", "/piirequest/" + id, null, token));
        assertStatusListed("/piirequest/{scopeRequestId}/status", "PUT", "200",
                http.api("PUT", "/piirequest/" + id + "/status", "{\"status\":\"partner-pass\"}", token));
    }

    @Test
    void tokenResponsesConformToTheContract() {
        assertConforms("/oauth/token", "POST", "200",
                http.basicToken(RawHttp.SANDBOX_ID, RawHttp.SANDBOX_SECRET, "grant_type=client_credentials"));
        assertConforms("/oauth/token", "POST", "200", http.jsonToken("{\"client_id\":\"" + RawHttp.SANDBOX_ID
                + "\",\"client_secret\":\"" + RawHttp.SANDBOX_SECRET
                + "\",\"audience\":\"https://api.civic.com/pass\",\"grant_type\":\"client_credentials\"}"));
        assertStatusListed("/oauth/token", "POST", "401",
                http.basicToken(RawHttp.SANDBOX_ID, "wrong", "grant_type=client_credentials"));
        String basic = Base64.getEncoder().encodeToString(
                (RawHttp.SANDBOX_ID + ":" + RawHttp.SANDBOX_SECRET).getBytes(StandardCharsets.UTF_8));
        assertThat(http.send(HttpRequest.newBuilder(civic.tokenUrl()).header("Authorization", "Basic " + basic)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build())
                .statusCode()).isEqualTo(400);
    }

    /** The request examples the contract gives are ones the fake accepts. */
    @Test
    void contractExamplesAreAccepted() {
        String token = http.token();
        JsonNode wallet = contract.at("/components/Wallet/fields/walletAddress/example");
        HttpResponse<String> issued = http.api("POST", "/pass/ethereum/sepolia",
                "{\"walletAddress\":\"" + wallet.asText() + "\"}", token);
        assertThat(issued.statusCode()).isEqualTo(202);
        JsonNode expiry = contract.at("/components/UpdateState/fields/expiryTimestamp/example");
        assertThat(expiry.isNumber()).isTrue();
    }

    // ------------------------------------------------------------------------------ helpers

    private static JsonNode operation(String path, String method) {
        for (JsonNode operation : contract.path("operations")) {
            if (operation.path("path").asText().equals(path) && operation.path("method").asText().equals(method)) {
                return operation;
            }
        }
        throw new AssertionError(method + " " + path + " is not in civic-contract.json");
    }

    private static void assertStatusListed(String path, String method, String status, HttpResponse<?> response) {
        assertThat(response.statusCode()).as("%s %s status, body %s", method, path, response.body())
                .isEqualTo(Integer.parseInt(status));
        assertThat(operation(path, method).path("responses").has(status))
                .as("%s %s lists status %s", method, path, status).isTrue();
    }

    private static void assertConforms(String path, String method, String status, HttpResponse<String> response) {
        assertStatusListed(path, method, status, response);
        JsonNode schemaNode = operation(path, method).at("/responses/" + status + "/content/application~1json");
        assertThat(schemaNode.isMissingNode()).as("JSON schema of %s %s %s", method, path, status).isFalse();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(toJsonSchema(schemaNode));
        Set<ValidationMessage> problems = schema.validate(RawHttp.json(response));
        assertThat(problems).as("%s %s response %s", method, path, response.body()).isEmpty();
    }

    /** A contract schema as a draft-4 JSON Schema, with the contract's components as definitions. */
    private static JsonNode toJsonSchema(JsonNode contractSchema) {
        ObjectNode root = convert(contractSchema);
        ObjectNode definitions = root.putObject("definitions");
        for (Map.Entry<String, JsonNode> component : contract.path("components").properties()) {
            definitions.set(component.getKey(), convert(component.getValue()));
        }
        return root;
    }

    private static ObjectNode convert(JsonNode schema) {
        ObjectNode out = NODES.objectNode();
        if (schema.has("ref")) {
            return out.put("$ref", "#/definitions/" + schema.get("ref").asText());
        }
        String type = schema.path("type").asText();
        out.put("type", type);
        if (schema.has("enum")) {
            out.set("enum", schema.get("enum").deepCopy());
        }
        if (type.equals("object")) {
            ObjectNode properties = out.putObject("properties");
            ArrayNode required = NODES.arrayNode();
            for (Map.Entry<String, JsonNode> field : schema.path("fields").properties()) {
                properties.set(field.getKey(), convert(field.getValue()));
                if (field.getValue().path("required").asBoolean(false)) {
                    required.add(field.getKey());
                }
            }
            if (!required.isEmpty()) {
                out.set("required", required);
            }
            out.put("additionalProperties", schema.path("open").asBoolean(false));
        }
        if (type.equals("array")) {
            out.set("items", convert(schema.path("items")));
        }
        return out;
    }
}
