package io.civicpass.internal;

import io.civicpass.model.ClientCredentials;
import io.civicpass.model.TokenRequestStyle;
import io.civicpass.port.TransportContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The client-credentials token request in either of Civic's two styles, built once so every
 * transport sends exactly the same thing. Holds the secret: never log it.
 *
 * @param url           the token endpoint
 * @param contentType   the body's media type
 * @param body          the body
 * @param authorization the {@code Authorization} header value, or null for the JSON style
 */
public record TokenRequest(URI url, String contentType, byte[] body, String authorization) {

    /**
     * The token request for a context's credentials and style.
     *
     * @param context the transport context
     * @return the request
     */
    public static TokenRequest of(TransportContext context) {
        ClientCredentials credentials = context.credentials();
        if (context.tokenRequestStyle() == TokenRequestStyle.JSON_BODY) {
            return new TokenRequest(context.tokenUrl(), CivicJson.JSON,
                    CivicJson.tokenJsonBody(credentials, context.audience()), null);
        }
        String pair = credentials.clientId() + ":" + credentials.clientSecret();
        return new TokenRequest(context.tokenUrl(), CivicJson.FORM,
                "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII),
                "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The endpoint's path, for exception messages.
     *
     * @return the raw path of the URL
     */
    public String path() {
        String path = url.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /**
     * Describes the request without the secret.
     *
     * @return the URL and content type
     */
    @Override
    public String toString() {
        return "TokenRequest[url=" + url + ", contentType=" + contentType + ", body=<redacted>, authorization="
                + (authorization == null ? "none" : "<redacted>") + "]";
    }
}
