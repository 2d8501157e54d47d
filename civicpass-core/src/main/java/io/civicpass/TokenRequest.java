package io.civicpass;

import io.civicpass.model.AccessToken;
import io.civicpass.model.ClientCredentials;
import io.civicpass.model.TokenRequestStyle;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The client-credentials token request in either of Civic's two styles, built once per client
 * so every transport sends exactly the same bytes. Holds the secret: never log it.
 */
final class TokenRequest {

    private final URI url;
    private final String contentType;
    private final byte[] body;
    private final String authorization;
    private final String path;

    private TokenRequest(URI url, String contentType, byte[] body, String authorization) {
        this.url = url;
        this.contentType = contentType;
        this.body = body;
        this.authorization = authorization;
        String raw = url.getRawPath();
        this.path = raw == null || raw.isEmpty() ? "/" : raw;
    }

    static TokenRequest of(URI tokenUrl, ClientCredentials credentials, TokenRequestStyle style, String audience) {
        if (style == TokenRequestStyle.JSON_BODY) {
            return new TokenRequest(tokenUrl, CivicJson.JSON, CivicJson.tokenJsonBody(credentials, audience), null);
        }
        String pair = credentials.clientId() + ":" + credentials.clientSecret();
        return new TokenRequest(tokenUrl, CivicJson.FORM,
                "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII),
                "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** The request to send now, with its own deadline. */
    HttpRequest toHttp(String userAgent, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.builder(Operation.TOKEN.method(), url)
                .header("Accept", CivicJson.JSON)
                .header("User-Agent", userAgent)
                .body(body, contentType)
                .sensitive(true)
                .timeout(timeout);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    /**
     * Turns the token endpoint's response into a token, or into the exception its status
     * means; a successful body is never quoted (it holds the token).
     */
    AccessToken read(HttpResponse response, Instant receivedAt) {
        return CivicResponses.read(Operation.TOKEN, path, response, receivedAt,
                bytes -> CivicJson.readToken(bytes, receivedAt));
    }

    /** The endpoint's URL to name in a configuration error: scheme, host, port and path only. */
    String safeUrl() {
        return HttpGateway.safeUrl(url.toString());
    }

    /** The endpoint's path, for exception messages: never its query or user info. */
    String path() {
        return path;
    }

    @Override
    public String toString() {
        return "TokenRequest[path=" + path + ", contentType=" + contentType + ", body=<redacted>, authorization="
                + (authorization == null ? "none" : "<redacted>") + "]";
    }
}
