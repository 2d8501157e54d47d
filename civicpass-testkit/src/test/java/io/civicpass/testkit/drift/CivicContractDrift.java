package io.civicpass.testkit.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The build's drift check: compares the project's own description of Civic's API
 * ({@code civic-contract.json} in the testkit's resources) with Civic's published OpenAPI
 * document, and reports every difference. Everything Civic's document says (each path, method,
 * operation id, parameter, request body, response status, field, type, enum value, default and
 * required flag, and each component schema) must appear identically in ours; what ours adds must
 * be marked {@code "source": "notes"} (the mark covers everything below it). A keyword of Civic's
 * document this check does not understand is a difference too, so a change it cannot judge is
 * never passed over in silence.
 *
 * <p>The build runs {@link #main} in the testkit's {@code test} phase (exec-maven-plugin). It is a
 * build step, not a test, so that a clone without Civic's document runs the same tests as CI: it
 * prints that it skipped instead.
 */
public final class CivicContractDrift {

    /** What every line the check prints starts with. */
    public static final String PREFIX = "Civic contract drift check: ";
    /** Where the contract is on the class path. */
    public static final String CONTRACT_RESOURCE = "/io/civicpass/testkit/civic-contract.json";

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "options",
            "head", "trace");
    private static final Set<String> SCHEMA_KEYS = Set.of("type", "properties", "required", "items", "enum",
            "default", "format", "$ref", "description", "example");
    private static final Set<String> OPERATION_KEYS = Set.of("tags", "summary", "description", "operationId",
            "parameters", "requestBody", "responses", "security");
    private static final Set<String> PATH_ITEM_KEYS = Set.of("summary", "description", "parameters");
    private static final Set<String> PARAMETER_KEYS = Set.of("name", "in", "required", "schema", "description",
            "example", "explode");
    private static final Set<String> BODY_KEYS = Set.of("content", "required", "description");
    private static final Set<String> MEDIA_KEYS = Set.of("schema", "example");
    private static final Set<String> RESPONSE_KEYS = Set.of("description", "content");

    /**
     * What a comparison found.
     *
     * @param drifts     the differences, each a sentence; empty when there is no drift
     * @param paths      Civic's paths compared
     * @param operations Civic's operations compared
     * @param schemas    Civic's component schemas compared
     * @param fields     field comparisons made (a field reached twice counts twice)
     * @param enumValues enum values compared
     */
    public record Report(List<String> drifts, int paths, int operations, int schemas, int fields, int enumValues) {

        /**
         * Copies the list.
         *
         * @param drifts     the differences
         * @param paths      Civic's paths compared
         * @param operations Civic's operations compared
         * @param schemas    Civic's component schemas compared
         * @param fields     field comparisons made
         * @param enumValues enum values compared
         */
        public Report {
            drifts = List.copyOf(drifts);
        }

        /**
         * Whether ours says everything Civic's document says.
         *
         * @return true when there is no drift
         */
        public boolean clean() {
            return drifts.isEmpty();
        }

        /**
         * One line: what was compared and the outcome.
         *
         * @return the summary
         */
        public String summary() {
            return "compared " + paths + " paths, " + operations + " operations and " + schemas
                    + " component schemas (" + fields + " field and " + enumValues + " enum-value checks): "
                    + (clean() ? "no drift" : drifts.size() + " difference(s)");
        }
    }

    private final JsonNode civic;
    private final JsonNode ours;
    private final Set<String> drifts = new LinkedHashSet<>();
    private int fields;
    private int enumValues;

    private CivicContractDrift(JsonNode civic, JsonNode ours) {
        this.civic = civic;
        this.ours = ours;
    }

    /**
     * Runs the check from the build.
     *
     * @param args the path of Civic's OpenAPI document; optionally the path of the contract to
     *             check instead of the one on the class path
     * @throws IOException           when a present file cannot be read
     * @throws IllegalStateException when there is drift, failing the build
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: CivicContractDrift <civic-pass-openapi.yml> [civic-contract.json]");
        }
        Path civicFile = Path.of(args[0]).toAbsolutePath().normalize();
        if (!Files.isRegularFile(civicFile)) {
            System.out.println(PREFIX + "skipped: " + civicFile + " not present");
            return;
        }
        JsonNode civic = readYaml(Files.readString(civicFile));
        JsonNode ours = args.length == 2 ? new ObjectMapper().readTree(Path.of(args[1]).toFile()) : contract();
        Report report = compare(civic, ours);
        System.out.println(PREFIX + report.summary() + " between " + civicFile + " and civic-contract.json");
        if (!report.clean()) {
            report.drifts().forEach(drift -> System.out.println(PREFIX + "DRIFT: " + drift));
            throw new IllegalStateException("civic-contract.json has drifted from Civic's published document "
                    + civicFile + ": " + report.drifts().size() + " difference(s), listed above; fix the contract "
                    + "(and the fake) or mark an addition \"source\": \"notes\"");
        }
    }

    /**
     * Reads YAML (or JSON) text, as Civic publishes its document.
     *
     * @param yaml the text
     * @return the tree
     */
    public static JsonNode readYaml(String yaml) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("not YAML", unreadable);
        }
    }

    /**
     * The in-repo contract, from the class path.
     *
     * @return the contract
     */
    public static JsonNode contract() {
        try (InputStream in = CivicContractDrift.class.getResourceAsStream(CONTRACT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CONTRACT_RESOURCE + " is not on the class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /**
     * Compares our contract with Civic's document.
     *
     * @param civic Civic's OpenAPI document
     * @param ours  our contract
     * @return what was compared and every difference
     */
    public static Report compare(JsonNode civic, JsonNode ours) {
        return new CivicContractDrift(civic, ours).run();
    }

    /**
     * Checks that our contract is well formed on its own: every ref resolves, every field has a
     * required flag, every schema a known type, every source mark is {@code notes}.
     *
     * @param ours our contract
     * @return the problems; empty when there are none
     */
    public static List<String> problems(JsonNode ours) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> component : ours.path("components").properties()) {
            wellFormed(ours, component.getValue(), "component " + component.getKey(), problems);
        }
        for (JsonNode operation : ours.path("operations")) {
            String where = operation.path("method").asText() + " " + operation.path("path").asText();
            checkSource(operation, where, problems);
            for (Map.Entry<String, JsonNode> parameter : operation.path("parameters").properties()) {
                wellFormed(ours, parameter.getValue(), where + " parameter " + parameter.getKey(), problems);
            }
            for (Map.Entry<String, JsonNode> media : operation.path("request").path("content").properties()) {
                wellFormed(ours, media.getValue(), where + " request " + media.getKey(), problems);
            }
            for (Map.Entry<String, JsonNode> status : operation.path("responses").properties()) {
                for (Map.Entry<String, JsonNode> media : status.getValue().path("content").properties()) {
                    wellFormed(ours, media.getValue(), where + " " + status.getKey() + " " + media.getKey(), problems);
                }
            }
        }
        return problems;
    }

    private static void wellFormed(JsonNode ours, JsonNode schema, String where, List<String> problems) {
        checkSource(schema, where, problems);
        if (schema.has("ref")) {
            if (!ours.path("components").has(schema.get("ref").asText())) {
                problems.add(where + ": ref " + schema.get("ref") + " names no component");
            }
            return;
        }
        String type = schema.path("type").asText("");
        if (!Set.of("string", "number", "boolean", "object", "array").contains(type)) {
            problems.add(where + ": type '" + type + "' is not one of string, number, boolean, object, array");
        }
        for (Map.Entry<String, JsonNode> field : schema.path("fields").properties()) {
            if (!field.getValue().path("required").isBoolean()) {
                problems.add(where + "." + field.getKey() + ": no required flag (true or false)");
            }
            wellFormed(ours, field.getValue(), where + "." + field.getKey(), problems);
        }
        if (type.equals("array")) {
            if (!schema.has("items")) {
                problems.add(where + ": an array without items");
            } else {
                wellFormed(ours, schema.get("items"), where + "[]", problems);
            }
        }
    }

    private static void checkSource(JsonNode node, String where, List<String> problems) {
        if (node.has("source") && !node.get("source").asText().equals("notes")) {
            problems.add(where + ": source " + node.get("source") + " is not \"notes\"");
        }
    }

    // ------------------------------------------------------------------------------ the comparison

    private Report run() {
        problems(ours).forEach(problem -> drift("our contract: " + problem));
        compareTopLevel();
        int paths = 0;
        int operations = 0;
        Set<String> seenOperations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : civic.path("paths").properties()) {
            paths++;
            JsonNode item = path.getValue();
            for (Map.Entry<String, JsonNode> entry : item.properties()) {
                String key = entry.getKey();
                if (HTTP_METHODS.contains(key)) {
                    operations++;
                    seenOperations.add(key.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    compareOperation(path.getKey(), key, item.path("parameters"), entry.getValue());
                } else if (!PATH_ITEM_KEYS.contains(key)) {
                    notUnderstood("path " + path.getKey(), key);
                }
            }
        }
        for (JsonNode operation : ours.path("operations")) {
            String name = operation.path("method").asText() + " " + operation.path("path").asText();
            if (!seenOperations.contains(name) && !isNotes(operation)) {
                drift(name + ": ours has this operation, Civic's document does not, and it is not marked source=notes");
            }
        }
        int schemas = compareComponents();
        return new Report(new ArrayList<>(drifts), paths, operations, schemas, fields, enumValues);
    }

    private void compareTopLevel() {
        JsonNode server = civic.path("servers").path(0).path("url");
        if (!server.isMissingNode() && !server.asText().equals(ours.path("baseUrl").asText())) {
            drift("servers: Civic's document names " + server.asText() + ", our baseUrl is " + ours.path("baseUrl"));
        }
        for (JsonNode scheme : civic.path("components").path("securitySchemes")) {
            JsonNode tokenUrl = scheme.path("flows").path("clientCredentials").path("tokenUrl");
            if (!tokenUrl.isMissingNode() && !tokenUrl.asText().equals(ours.path("tokenUrl").asText())) {
                drift("securitySchemes: Civic's token URL is " + tokenUrl.asText() + ", our tokenUrl is "
                        + ours.path("tokenUrl"));
            }
        }
    }

    private int compareComponents() {
        Map<String, JsonNode> ourByCivicName = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> component : ours.path("components").properties()) {
            if (component.getValue().has("civic")) {
                ourByCivicName.put(component.getValue().get("civic").asText(), component.getValue());
            }
        }
        int schemas = 0;
        JsonNode civicSchemas = civic.path("components").path("schemas");
        for (Map.Entry<String, JsonNode> component : civicSchemas.properties()) {
            schemas++;
            JsonNode mine = ourByCivicName.get(component.getKey());
            String where = "components.schemas." + component.getKey();
            if (mine == null) {
                drift(where + ": no component of ours says \"civic\": \"" + component.getKey() + "\"");
            } else {
                compareSchema(component.getValue(), mine, where, false);
            }
        }
        for (String name : ourByCivicName.keySet()) {
            if (!civicSchemas.has(name)) {
                drift("components: ours maps a component to Civic's " + name + ", which Civic's document lacks");
            }
        }
        return schemas;
    }

    private void compareOperation(String path, String method, JsonNode pathParameters, JsonNode operation) {
        String where = method.toUpperCase(Locale.ROOT) + " " + path;
        JsonNode mine = null;
        for (JsonNode candidate : ours.path("operations")) {
            if (candidate.path("path").asText().equals(path)
                    && candidate.path("method").asText().equals(method.toUpperCase(Locale.ROOT))) {
                mine = candidate;
            }
        }
        if (mine == null) {
            drift(where + ": Civic's document has this operation, ours does not");
            return;
        }
        boolean notes = isNotes(mine);
        for (Map.Entry<String, JsonNode> entry : operation.properties()) {
            if (!OPERATION_KEYS.contains(entry.getKey())) {
                notUnderstood(where, entry.getKey());
            }
        }
        JsonNode operationId = operation.get("operationId");
        if (operationId != null && !operationId.asText().equals(mine.path("id").asText())) {
            drift(where + ": operationId is " + operationId.asText() + " in Civic's document, " + mine.path("id")
                    + " in ours");
        }
        compareParameters(where, pathParameters, operation.path("parameters"), mine.path("parameters"), notes);
        compareRequest(where, operation.path("requestBody"), mine.path("request"), notes);
        compareResponses(where, operation.path("responses"), mine.path("responses"), notes);
    }

    private void compareParameters(String where, JsonNode pathLevel, JsonNode operationLevel, JsonNode mine,
                                   boolean notes) {
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        for (JsonNode list : List.of(pathLevel, operationLevel)) {
            for (JsonNode parameter : list) {
                parameters.put(parameter.path("name").asText(), resolveCivic(parameter, where));
            }
        }
        for (Map.Entry<String, JsonNode> entry : parameters.entrySet()) {
            String name = entry.getKey();
            JsonNode parameter = entry.getValue();
            String at = where + " parameter " + name;
            for (Map.Entry<String, JsonNode> key : parameter.properties()) {
                if (!PARAMETER_KEYS.contains(key.getKey())) {
                    notUnderstood(at, key.getKey());
                }
            }
            JsonNode ourParameter = mine.get(name);
            if (ourParameter == null) {
                drift(at + ": Civic's document has this parameter, ours does not");
                continue;
            }
            if (!parameter.path("in").asText().equals(ourParameter.path("in").asText())) {
                drift(at + ": in " + parameter.path("in").asText() + " in Civic's document, "
                        + ourParameter.path("in").asText() + " in ours");
            }
            if (parameter.path("required").asBoolean(false) != ourParameter.path("required").asBoolean(false)) {
                drift(at + ": required is " + parameter.path("required").asBoolean(false) + " in Civic's document, "
                        + ourParameter.path("required").asBoolean(false) + " in ours");
            }
            compareSchema(parameter.path("schema"), ourParameter, at, notes);
        }
        for (Map.Entry<String, JsonNode> ourParameter : mine.properties()) {
            if (!parameters.containsKey(ourParameter.getKey()) && !notes && !isNotes(ourParameter.getValue())) {
                drift(where + " parameter " + ourParameter.getKey()
                        + ": ours has it, Civic's document does not, and it is not marked source=notes");
            }
        }
    }

    private void compareRequest(String where, JsonNode body, JsonNode mine, boolean notes) {
        String at = where + " request body";
        if (body.isMissingNode()) {
            if (!mine.isMissingNode() && !notes && !isNotes(mine)) {
                drift(at + ": ours has one, Civic's document does not, and it is not marked source=notes");
            }
            return;
        }
        body = resolveCivic(body, at);
        for (Map.Entry<String, JsonNode> key : body.properties()) {
            if (!BODY_KEYS.contains(key.getKey())) {
                notUnderstood(at, key.getKey());
            }
        }
        if (mine.isMissingNode()) {
            drift(at + ": Civic's document has one, ours does not");
            return;
        }
        if (body.path("required").asBoolean(false) != mine.path("required").asBoolean(false)) {
            drift(at + ": required is " + body.path("required").asBoolean(false) + " in Civic's document, "
                    + mine.path("required").asBoolean(false) + " in ours");
        }
        compareContent(at, body.path("content"), mine.path("content"), notes || isNotes(mine));
    }

    private void compareResponses(String where, JsonNode responses, JsonNode mine, boolean notes) {
        for (Map.Entry<String, JsonNode> entry : responses.properties()) {
            String at = where + " response " + entry.getKey();
            JsonNode response = resolveCivic(entry.getValue(), at);
            for (Map.Entry<String, JsonNode> key : response.properties()) {
                if (!RESPONSE_KEYS.contains(key.getKey())) {
                    notUnderstood(at, key.getKey());
                }
            }
            JsonNode ourResponse = mine.get(entry.getKey());
            if (ourResponse == null) {
                drift(at + ": Civic's document has this status, ours does not");
                continue;
            }
            compareContent(at, response.path("content"), ourResponse.path("content"), notes || isNotes(ourResponse));
        }
        for (Map.Entry<String, JsonNode> ourResponse : mine.properties()) {
            if (!responses.has(ourResponse.getKey()) && !notes && !isNotes(ourResponse.getValue())) {
                drift(where + " response " + ourResponse.getKey()
                        + ": ours has this status, Civic's document does not, and it is not marked source=notes");
            }
        }
    }

    private void compareContent(String where, JsonNode content, JsonNode mine, boolean notes) {
        for (Map.Entry<String, JsonNode> media : content.properties()) {
            String at = where + " " + media.getKey();
            for (Map.Entry<String, JsonNode> key : media.getValue().properties()) {
                if (!MEDIA_KEYS.contains(key.getKey())) {
                    notUnderstood(at, key.getKey());
                }
            }
            JsonNode ourSchema = mine.get(media.getKey());
            if (ourSchema == null) {
                drift(at + ": Civic's document has this content, ours does not");
                continue;
            }
            if (media.getValue().has("schema")) {
                compareSchema(media.getValue().get("schema"), ourSchema, at, notes);
            }
        }
        for (Map.Entry<String, JsonNode> ourMedia : mine.properties()) {
            if (!content.has(ourMedia.getKey()) && !notes && !isNotes(ourMedia.getValue())) {
                drift(where + " " + ourMedia.getKey()
                        + ": ours has this content, Civic's document does not, and it is not marked source=notes");
            }
        }
    }

    /**
     * Compares one of Civic's schemas with ours. {@code notes} says an enclosing node of ours is
     * marked as coming from the notes, which allows additions below it.
     */
    private void compareSchema(JsonNode civicSchema, JsonNode mine, String where, boolean notes) {
        JsonNode theirs = resolveCivic(civicSchema, where);
        boolean allowed = notes || isNotes(mine);
        JsonNode our = resolveOurs(mine, where);
        allowed = allowed || isNotes(our);
        for (Map.Entry<String, JsonNode> key : theirs.properties()) {
            if (!SCHEMA_KEYS.contains(key.getKey())) {
                notUnderstood(where, key.getKey());
            }
        }
        String theirType = theirs.path("type").asText(null);
        String ourType = our.path("type").asText(null);
        if (!Objects.equals(theirType, ourType) && !(theirType == null && allowed)) {
            drift(where + ": type is " + theirType + " in Civic's document, " + ourType + " in ours");
        }
        if (theirs.has("format") && !theirs.get("format").equals(our.get("format"))) {
            drift(where + ": format is " + theirs.get("format") + " in Civic's document, " + our.get("format")
                    + " in ours");
        }
        compareEnum(theirs, our, where, allowed);
        if (theirs.has("default") ? !theirs.get("default").equals(our.get("default"))
                : our.has("default") && !allowed) {
            drift(where + ": default is " + theirs.get("default") + " in Civic's document, " + our.get("default")
                    + " in ours");
        }
        compareFields(theirs, our, where, allowed);
        if (theirs.has("items")) {
            if (!our.has("items")) {
                drift(where + ": Civic's document gives the array's items, ours does not");
            } else {
                compareSchema(theirs.get("items"), our.get("items"), where + "[]", allowed);
            }
        } else if (our.has("items") && !allowed) {
            drift(where + ": ours gives items, Civic's document does not, and they are not marked source=notes");
        }
    }

    private void compareEnum(JsonNode theirs, JsonNode our, String where, boolean allowed) {
        JsonNode theirEnum = theirs.get("enum");
        JsonNode ourEnum = our.get("enum");
        if (theirEnum == null) {
            if (ourEnum != null && !allowed) {
                drift(where + ": ours has enum " + ourEnum + ", Civic's document none, and it is not marked "
                        + "source=notes");
            }
            return;
        }
        Set<JsonNode> theirValues = new LinkedHashSet<>();
        theirEnum.forEach(theirValues::add);
        Set<JsonNode> ourValues = new LinkedHashSet<>();
        if (ourEnum != null) {
            ourEnum.forEach(ourValues::add);
        }
        enumValues += theirValues.size();
        for (JsonNode value : theirValues) {
            if (!ourValues.contains(value)) {
                drift(where + ": enum value " + value + " is in Civic's document, not in ours");
            }
        }
        for (JsonNode value : ourValues) {
            if (!theirValues.contains(value)) {
                drift(where + ": enum value " + value + " is in ours, not in Civic's document");
            }
        }
    }

    private void compareFields(JsonNode theirs, JsonNode our, String where, boolean allowed) {
        JsonNode theirFields = theirs.path("properties");
        JsonNode ourFields = our.path("fields");
        Set<String> required = new LinkedHashSet<>();
        theirs.path("required").forEach(name -> required.add(name.asText()));
        for (Map.Entry<String, JsonNode> field : theirFields.properties()) {
            fields++;
            String name = field.getKey();
            String at = where + "." + name;
            JsonNode ourField = ourFields.get(name);
            if (ourField == null) {
                drift(at + ": field is in Civic's document, not in ours");
                continue;
            }
            boolean ourRequired = ourField.path("required").asBoolean(false);
            if (required.contains(name) != ourRequired) {
                drift(at + ": required is " + required.contains(name) + " in Civic's document, " + ourRequired
                        + " in ours");
            }
            compareSchema(field.getValue(), ourField, at, allowed);
        }
        for (String name : required) {
            if (!theirFields.has(name) && !ourFields.path(name).path("required").asBoolean(false)) {
                drift(where + "." + name + ": Civic's document requires it, ours does not");
            }
        }
        for (Map.Entry<String, JsonNode> ourField : ourFields.properties()) {
            if (!theirFields.has(ourField.getKey()) && !allowed && !isNotes(ourField.getValue())) {
                drift(where + "." + ourField.getKey()
                        + ": field is in ours, not in Civic's document, and not marked source=notes");
            }
        }
    }

    // ------------------------------------------------------------------------------ helpers

    private JsonNode resolveCivic(JsonNode node, String where) {
        JsonNode current = node;
        for (int depth = 0; current.has("$ref"); depth++) {
            String ref = current.get("$ref").asText();
            JsonNode target = ref.startsWith("#/") ? civic.at(ref.substring(1)) : MissingNode.getInstance();
            if (target.isMissingNode() || depth > 16) {
                drift(where + ": Civic's $ref " + ref + " cannot be resolved by the drift check");
                return MissingNode.getInstance();
            }
            current = target;
        }
        return current;
    }

    private JsonNode resolveOurs(JsonNode node, String where) {
        JsonNode current = node;
        for (int depth = 0; current.has("ref"); depth++) {
            JsonNode target = ours.path("components").path(current.get("ref").asText());
            if (target.isMissingNode() || depth > 16) {
                drift(where + ": our ref " + current.get("ref") + " names no component");
                return MissingNode.getInstance();
            }
            current = target;
        }
        return current;
    }

    private static boolean isNotes(JsonNode node) {
        return node != null && node.path("source").asText("").equals("notes");
    }

    private void notUnderstood(String where, String key) {
        drift(where + ": keyword '" + key + "' of Civic's document is not understood by the drift check "
                + "(extend CivicContractDrift)");
    }

    private void drift(String message) {
        drifts.add(message);
    }
}
