package io.civicpass.testkit.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift check finds every kind of difference between a Civic document and our contract. It
 * never reads Civic's real document: the copies it doctors are made here, from a small inline
 * YAML document and from our own contract turned back into OpenAPI.
 */
class CivicContractDriftTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A small Civic-like document in Civic's own style. */
    private static final String CIVIC_YAML = """
            openapi: 3.0.3
            servers:
              - url: https://api.civic.com/partner
            paths:
              /pass/{chain}/{chainNetwork}:
                post:
                  operationId: issuePass
                  parameters:
                    - name: chain
                      in: path
                      required: true
                      schema:
                        $ref: "#/components/schemas/Chain"
                  requestBody:
                    content:
                      application/json:
                        schema:
                          $ref: "#/components/schemas/Wallet"
                    required: true
                  responses:
                    "202":
                      description: initiated
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              id:
                                type: string
                              state:
                                type: string
                                enum: ["ACTIVE", "FROZEN"]
                            required:
                              - id
                    "400":
                      description: Client error
            components:
              schemas:
                Chain:
                  type: string
                  enum:
                    - solana
                    - ethereum
                Wallet:
                  type: object
                  properties:
                    walletAddress:
                      type: string
                      example: "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888"
            """;

    /** Our contract for that document, with one addition from the notes. */
    private static final String OUR_JSON = """
            {
              "baseUrl": "https://api.civic.com/partner",
              "operations": [
                {
                  "id": "issuePass", "method": "POST", "path": "/pass/{chain}/{chainNetwork}",
                  "parameters": { "chain": { "in": "path", "required": true, "ref": "Chain" } },
                  "request": { "required": true, "content": { "application/json": { "ref": "Wallet" } } },
                  "responses": {
                    "202": { "content": { "application/json": { "ref": "Pass" } } },
                    "400": {}
                  }
                }
              ],
              "components": {
                "Chain": { "civic": "Chain", "type": "string", "enum": ["solana", "ethereum"] },
                "Wallet": { "civic": "Wallet", "type": "object",
                            "fields": { "walletAddress": { "type": "string", "required": false } } },
                "Pass": { "type": "object", "fields": {
                  "id": { "type": "string", "required": true },
                  "state": { "type": "string", "required": false, "enum": ["ACTIVE", "FROZEN"] },
                  "updateDate": { "source": "notes", "type": "string", "required": false }
                } }
              }
            }
            """;

    // ------------------------------------------------------------------------------ inline YAML

    @Test
    void matchingDocumentHasNoDrift() {
        CivicContractDrift.Report report = CivicContractDrift.compare(CivicContractDrift.readYaml(CIVIC_YAML), ours());
        assertThat(report.drifts()).isEmpty();
        assertThat(report.paths()).isEqualTo(1);
        assertThat(report.operations()).isEqualTo(1);
        assertThat(report.schemas()).isEqualTo(2);
        assertThat(report.summary()).startsWith("compared 1 paths, 1 operations and 2 component schemas").endsWith("no drift");
    }

    @Test
    void extraEnumValueIsDrift() {
        assertDrift(replaceLine(CIVIC_YAML, null, "- ethereum", "- ethereum", "- bitcoin"), "enum value \"bitcoin\"");
        assertDrift(replaceLine(CIVIC_YAML, null, "enum: [\"ACTIVE\", \"FROZEN\"]", "enum: [\"ACTIVE\", \"FROZEN\", \"EXPIRED\"]"),
                "POST /pass/{chain}/{chainNetwork} response 202 application/json.state: enum value \"EXPIRED\" is in "
                        + "Civic's document, not in ours");
    }

    @Test
    void removedFieldIsDrift() {
        String doctored = replaceLine(CIVIC_YAML, null, "enum: [\"ACTIVE\", \"FROZEN\"]");
        doctored = replaceLine(doctored, "state:", "type: string");
        doctored = replaceLine(doctored, null, "state:");
        assertDrift(doctored, ".state: field is in ours, not in Civic's document");
    }

    @Test
    void newFieldIsDrift() {
        assertDrift(replaceLine(CIVIC_YAML, "Wallet:", "properties:", "properties:", "  memo:", "    type: string"),
                "components.schemas.Wallet.memo: field is in Civic's document, not in ours");
    }

    @Test
    void flippedRequiredFlagIsDrift() {
        assertDrift(replaceLine(CIVIC_YAML, null, "- id", "- id", "- state"),
                ".state: required is true in Civic's document, false in ours");
        assertDrift(replaceLine(CIVIC_YAML, "- name: chain", "required: true", "required: false"),
                "parameter chain: required is false in Civic's document, true in ours");
        assertDrift(replaceLine(CIVIC_YAML, "requestBody:", "required: true"),
                "request body: required is false in Civic's document, true in ours");
    }

    @Test
    void changedTypePathMethodStatusAndKeywordsAreDrift() {
        assertDrift(replaceLine(CIVIC_YAML, "id:", "type: string", "type: number"),
                ".id: type is number in Civic's document, string in ours");
        assertDrift(replaceLine(CIVIC_YAML, null, "/pass/{chain}/{chainNetwork}:", "/passes/{chain}/{chainNetwork}:"),
                "POST /passes/{chain}/{chainNetwork}: Civic's document has this operation, ours does not",
                "POST /pass/{chain}/{chainNetwork}: ours has this operation");
        assertDrift(replaceLine(CIVIC_YAML, null, "post:", "put:"), "PUT /pass/{chain}/{chainNetwork}");
        assertDrift(replaceLine(CIVIC_YAML, null, "\"400\":", "\"409\":"), "response 409: Civic's document has this status",
                "response 400: ours has this status");
        assertDrift(replaceLine(CIVIC_YAML, "Chain:", "type: string", "type: string", "nullable: true"),
                "keyword 'nullable'");
        assertDrift(replaceLine(CIVIC_YAML, null, "- url: https://api.civic.com/partner", "- url: https://api.civic.com/v2"),
                "servers");
    }

    @Test
    void additionsMustBeMarkedAsFromTheNotes() {
        JsonNode ours = ours();
        ((ObjectNode) ours.at("/components/Pass/fields/updateDate")).remove("source");
        CivicContractDrift.Report report = CivicContractDrift.compare(CivicContractDrift.readYaml(CIVIC_YAML), ours);
        assertThat(report.drifts()).anyMatch(drift -> drift.contains(".updateDate: field is in ours, not in Civic's document"));
    }

    // ------------------------------------------------------------------------------ our real contract

    @Test
    void ourContractIsWellFormed() {
        assertThat(CivicContractDrift.problems(CivicContractDrift.contract())).isEmpty();
    }

    @Test
    void ourContractTurnedBackIntoOpenApiHasNoDrift() {
        CivicContractDrift.Report report = CivicContractDrift.compare(asOpenApi(CivicContractDrift.contract()),
                CivicContractDrift.contract());
        assertThat(report.drifts()).isEmpty();
        assertThat(report.operations()).isEqualTo(7);
        assertThat(report.schemas()).isEqualTo(7);
    }

    @Test
    void doctoredCopiesOfOurContractAreDrift() {
        assertDoctored(doc -> ((ArrayNode) doc.at("/components/schemas/ChainNetwork/enum")).add("goerli"),
                "components.schemas.ChainNetwork: enum value \"goerli\" is in Civic's document, not in ours");
        assertDoctored(doc -> ((ObjectNode) doc.at("/components/schemas/PassResponse/properties")).remove("id"),
                "components.schemas.PassResponse.id: field is in ours, not in Civic's document");
        assertDoctored(doc -> removeValue((ArrayNode) doc.at("/components/schemas/PassResponse/required"), "walletAddress"),
                "components.schemas.PassResponse.walletAddress: required is false in Civic's document, true in ours");
        assertDoctored(doc -> ((ObjectNode) doc.at("/components/schemas/UpdateState/properties/expiryTimestamp"))
                .put("type", "string"), "expiryTimestamp: type is string in Civic's document, number in ours");
        assertDoctored(doc -> ((ObjectNode) doc.at("/paths/~1pass/post/requestBody")).put("required", true),
                "POST /pass request body: required is true in Civic's document, false in ours");
        assertDoctored(doc -> ((ObjectNode) doc.at("/paths/~1pass/post/requestBody/content/application~1json/schema"
                + "/properties/limit")).put("default", 50), "limit: default is 50");
        assertDoctored(doc -> ((ObjectNode) doc.at("/paths/~1piirequest~1{scopeRequestId}")).putObject("delete")
                .putObject("responses").putObject("200").put("description", "gone"),
                "DELETE /piirequest/{scopeRequestId}: Civic's document has this operation, ours does not");
    }

    @Test
    void mainFailsOnDriftAndSaysWhenItSkips(@TempDir Path dir) throws Exception {
        Path doctored = dir.resolve("civic-pass-openapi.yml");
        Files.writeString(doctored, replaceLine(CIVIC_YAML, null, "- ethereum", "- ethereum", "- bitcoin"));
        Path contract = dir.resolve("civic-contract.json");
        Files.writeString(contract, OUR_JSON);
        String[] out = new String[1];
        assertThatThrownBy(() -> out[0] = captured(() -> CivicContractDrift.main(
                new String[] {doctored.toString(), contract.toString()})))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("2 difference(s)"); // the enum, in the component and in the parameter

        Files.writeString(doctored, CIVIC_YAML);
        assertThat(captured(() -> CivicContractDrift.main(new String[] {doctored.toString(), contract.toString()})))
                .startsWith(CivicContractDrift.PREFIX + "compared 1 paths").contains("no drift");
        assertThat(captured(() -> CivicContractDrift.main(new String[] {dir.resolve("absent.yml").toString()})))
                .startsWith(CivicContractDrift.PREFIX + "skipped: ").contains("absent.yml not present");
    }

    // ------------------------------------------------------------------------------ helpers

    /**
     * A doctored copy of a YAML text: the first line whose trimmed text is {@code line} (after
     * the first line whose trimmed text is {@code after}, when given) becomes the replacement
     * lines, indented as it was (plus their own leading spaces); no replacement removes it.
     */
    private static String replaceLine(String yaml, String after, String line, String... replacement) {
        String[] lines = yaml.split("\n", -1);
        int from = 0;
        if (after != null) {
            while (from < lines.length && !lines[from].trim().equals(after)) {
                from++;
            }
            assertThat(from).as("'%s' is in the YAML", after).isLessThan(lines.length);
        }
        for (int i = from; i < lines.length; i++) {
            if (lines[i].trim().equals(line)) {
                String indent = lines[i].substring(0, lines[i].indexOf(line.charAt(0)));
                StringBuilder out = new StringBuilder();
                for (int j = 0; j < lines.length; j++) {
                    if (j == i) {
                        for (String text : replacement) {
                            out.append(indent).append(text).append('\n');
                        }
                    } else {
                        out.append(lines[j]).append(j == lines.length - 1 ? "" : "\n");
                    }
                }
                return out.toString();
            }
        }
        throw new AssertionError("'" + line + "' is not in the YAML");
    }

    private static JsonNode ours() {
        try {
            return JSON.readTree(OUR_JSON);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static void assertDrift(String doctoredYaml, String... expected) {
        CivicContractDrift.Report report = CivicContractDrift.compare(CivicContractDrift.readYaml(doctoredYaml), ours());
        assertThat(report.clean()).as("drift found in the doctored copy").isFalse();
        for (String text : expected) {
            assertThat(report.drifts()).as("drifts").anyMatch(drift -> drift.contains(text));
        }
    }

    private static void assertDoctored(Consumer<ObjectNode> doctor, String expected) {
        JsonNode contract = CivicContractDrift.contract();
        ObjectNode doc = asOpenApi(contract);
        doctor.accept(doc);
        CivicContractDrift.Report report = CivicContractDrift.compare(doc, contract);
        assertThat(report.drifts()).as("drifts").anyMatch(drift -> drift.contains(expected));
    }

    private static void removeValue(ArrayNode array, String value) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).asText().equals(value)) {
                array.remove(i);
                return;
            }
        }
        throw new IllegalArgumentException(value + " is not in " + array);
    }

    private interface Action {
        void run() throws Exception;
    }

    private static String captured(Action action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /**
     * Our contract as the OpenAPI document Civic would publish for it: what is marked as from the
     * notes left out, components named as Civic names them, the others inlined.
     */
    private static ObjectNode asOpenApi(JsonNode contract) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("openapi", "3.0.3");
        doc.putArray("servers").addObject().put("url", contract.path("baseUrl").asText());
        ObjectNode paths = doc.putObject("paths");
        for (JsonNode operation : contract.path("operations")) {
            if (operation.path("source").asText().equals("notes")) {
                continue;
            }
            ObjectNode item = paths.has(operation.path("path").asText())
                    ? (ObjectNode) paths.get(operation.path("path").asText())
                    : paths.putObject(operation.path("path").asText());
            ObjectNode out = item.putObject(operation.path("method").asText().toLowerCase(java.util.Locale.ROOT));
            out.put("operationId", operation.path("id").asText());
            if (!operation.path("parameters").isEmpty()) {
                ArrayNode parameters = out.putArray("parameters");
                for (Map.Entry<String, JsonNode> parameter : operation.path("parameters").properties()) {
                    parameters.addObject().put("name", parameter.getKey())
                            .put("in", parameter.getValue().path("in").asText())
                            .put("required", parameter.getValue().path("required").asBoolean())
                            .set("schema", schema(contract, parameter.getValue()));
                }
            }
            if (operation.has("request")) {
                ObjectNode body = out.putObject("requestBody");
                body.put("required", operation.at("/request/required").asBoolean());
                body.set("content", content(contract, operation.at("/request/content")));
            }
            ObjectNode responses = out.putObject("responses");
            for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
                ObjectNode status = responses.putObject(response.getKey()).put("description", "as documented");
                if (response.getValue().has("content")) {
                    status.set("content", content(contract, response.getValue().get("content")));
                }
            }
        }
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        for (Map.Entry<String, JsonNode> component : contract.path("components").properties()) {
            if (component.getValue().has("civic")) {
                schemas.set(component.getValue().get("civic").asText(), schema(contract, component.getValue(), true));
            }
        }
        doc.with("components").putObject("securitySchemes").putObject("pass_auth").put("type", "oauth2")
                .putObject("flows").putObject("clientCredentials").put("tokenUrl", contract.path("tokenUrl").asText());
        return doc;
    }

    private static ObjectNode content(JsonNode contract, JsonNode content) {
        ObjectNode out = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> media : content.properties()) {
            out.putObject(media.getKey()).set("schema", schema(contract, media.getValue()));
        }
        return out;
    }

    private static ObjectNode schema(JsonNode contract, JsonNode schema) {
        return schema(contract, schema, false);
    }

    private static ObjectNode schema(JsonNode contract, JsonNode schema, boolean definition) {
        if (schema.has("ref")) {
            JsonNode target = contract.path("components").path(schema.get("ref").asText());
            if (target.has("civic")) {
                return JSON.createObjectNode().put("$ref", "#/components/schemas/" + target.get("civic").asText());
            }
            return schema(contract, target, true);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("type", schema.path("type").asText());
        for (String key : new String[] {"enum", "default", "format"}) {
            if (schema.has(key)) {
                out.set(key, schema.get(key).deepCopy());
            }
        }
        ArrayNode required = JSON.createArrayNode();
        ObjectNode properties = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> field : schema.path("fields").properties()) {
            if (field.getValue().path("source").asText().equals("notes")) {
                continue;
            }
            properties.set(field.getKey(), schema(contract, field.getValue()));
            if (field.getValue().path("required").asBoolean()) {
                required.add(field.getKey());
            }
        }
        if (!properties.isEmpty()) {
            out.set("properties", properties);
        }
        if (!required.isEmpty()) {
            out.set("required", required);
        }
        if (schema.has("items")) {
            out.set("items", schema(contract, schema.get("items")));
        }
        return out;
    }
}
