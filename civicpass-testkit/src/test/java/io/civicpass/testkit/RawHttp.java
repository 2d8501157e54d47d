package io.civicpass.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.civicpass.CivicPassConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Plain HTTP against the fake, for tests of its wire behaviour that no client would send. */
final class RawHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SANDBOX_ID = CivicPassConfig.SANDBOX_CREDENTIALS.clientId();
    static final String SANDBOX_SECRET = CivicPassConfig.SANDBOX_CREDENTIALS.clientSecret();

    private final FakeCivic civic;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    RawHttp(FakeCivic civic) {
        this.civic = civic;
    }

    /** A token for the sandbox client, Basic style. */
    String token() {
        return token(SANDBOX_ID, SANDBOX_SECRET);
    }

    String token(String clientId, String secret) {
        HttpResponse<String> response = basicToken(clientId, secret, "grant_type=client_credentials");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request failed: " + response.statusCode());
        }
        return json(response).get("access_token").asText();
    }

    HttpResponse<String> basicToken(String clientId, String secret, String form) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(civic.tokenUrl())
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    HttpResponse<String> jsonToken(String body) {
        return send(HttpRequest.newBuilder(civic.tokenUrl())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A request to a path under the API base, with a bearer token when given. */
    HttpResponse<String> api(String method, String path, String body, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(civic.apiUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return send(builder.build());
    }

    HttpResponse<byte[]> apiBytes(String path, String token) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(civic.apiUrl() + path))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    HttpClient client() {
        return http;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException notJson) {
            throw new UncheckedIOException("not JSON: " + response.body(), notJson);
        }
    }
}
