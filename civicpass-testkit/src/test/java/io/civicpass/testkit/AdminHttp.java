package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admin API calls for tests, each response checked against the admin API's OpenAPI document as
 * kept in the repository: its status must be one the operation lists (or its {@code default}),
 * and its body must conform to that response's schema, with a JSON-schema validator. Records the
 * operations it saw, so a test can check that every operation was called.
 */
final class AdminHttp {

    static final Path DOCUMENT_FILE = Path.of("src/main/resources/io/civicpass/testkit/admin-openapi.json");
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNode DOCUMENT = read(DOCUMENT_FILE);
    /** The operations whose responses were checked, over every test that used this class. */
    static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

    private final URI adminUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    AdminHttp(URI adminUrl, String token) {
        this.adminUrl = adminUrl;
        this.token = token;
    }

    AdminHttp(FakeCivic fake) {
        this(fake.adminUrl(), null);
    }

    /** A call whose response is checked against the document; the body parsed. */
    Response call(String method, String pathAndQuery, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        JsonNode parsed = read(response.body());
        assertConforms(method, path, response.statusCode(), parsed, response.body());
        return new Response(response.statusCode(), parsed, response);
    }

    Response get(String pathAndQuery) {
        return call("GET", pathAndQuery, null);
    }

    Response post(String path, String body) {
        return call("POST", path, body);
    }

    /** A response: status and parsed body. */
    record Response(int status, JsonNode json, HttpResponse<String> raw) {
        /** The refusal's message. */
        String message() {
            return json.path("message").asText();
        }
    }

    /**
     * Checks a response against the operation of the document that the method and path name.
     *
     * @throws AssertionError when the path or method is not in the document, the status is not
     *                        listed, or the body does not conform
     */
    static void assertConforms(String method, String path, int status, JsonNode body, String text) {
        String template = template(path);
        if (template == null) {
            // A path the document does not have: a 404 in its error shape.
            assertThat(status).as("%s %s, a path the document does not have", method, path).isEqualTo(404);
            assertThat(validator(AdminHttp.read("{\"$ref\":\"#/components/schemas/Error\"}")).validate(body))
                    .as("%s %s %s: %s", method, path, status, text).isEmpty();
            return;
        }
        JsonNode operation = DOCUMENT.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            // A method the path does not have: a 405 in the document's error shape.
            assertThat(status).as("%s %s, a method the document does not list there", method, path).isEqualTo(405);
            assertThat(validator(AdminHttp.read("{\"$ref\":\"#/components/schemas/Error\"}")).validate(body))
                    .as("%s %s %s: %s", method, path, status, text).isEmpty();
            return;
        }
        JsonNode responses = operation.path("responses");
        String key = responses.has(String.valueOf(status)) ? String.valueOf(status) : "default";
        JsonNode listed = responses.path(key);
        assertThat(listed.isMissingNode()).as("%s %s answered %s, which the document does not list", method, path, status)
                .isFalse();
        if (key.equals("default")) {
            assertThat(status).as("a default response is a refusal").isGreaterThanOrEqualTo(400);
        }
        JsonNode schema = listed.at("/content/application~1json/schema");
        assertThat(schema.isMissingNode()).as("schema of %s %s %s", method, template, key).isFalse();
        Set<ValidationMessage> problems = validator(schema).validate(body);
        assertThat(problems).as("%s %s %s: %s", method, path, status, text).isEmpty();
        CHECKED.add(operation.path("operationId").asText());
    }

    /** The document's path template that a request path below the admin URL matches, or null. */
    static String template(String path) {
        String[] segments = path.substring(1).split("/", -1);
        for (Iterator<String> names = DOCUMENT.path("paths").fieldNames(); names.hasNext(); ) {
            String candidate = names.next();
            String[] parts = candidate.substring(1).split("/", -1);
            if (parts.length != segments.length) {
                continue;
            }
            boolean fits = true;
            for (int i = 0; i < parts.length && fits; i++) {
                fits = parts[i].startsWith("{") || parts[i].equals(segments[i]);
            }
            if (fits) {
                return candidate;
            }
        }
        return null;
    }

    /** A 2020-12 validator for a schema of the document, its components as {@code $defs}. */
    static JsonSchema validator(JsonNode schema) {
        String defs = DOCUMENT.path("components").path("schemas").toString();
        String root = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$defs\":" + defs + ",\"allOf\":["
                + schema + "]}";
        JsonNode rootNode = read(root.replace("#/components/schemas/", "#/$defs/"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(rootNode);
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException notJson) {
            throw new AssertionError("not JSON: " + text, notJson);
        }
    }
}
