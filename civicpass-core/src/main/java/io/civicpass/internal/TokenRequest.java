package io.civicpass.internal;

import io.civicpass.error.CivicPassException;
import io.civicpass.model.AccessToken;
import io.civicpass.model.ClientCredentials;
import io.civicpass.model.TokenRequestStyle;
import io.civicpass.port.TransportContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Function;

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
     * Turns the token endpoint's response into a token, or into the exception core maps its
     * status to (body excerpts of a successful response are withheld: it holds the token).
     *
     * @param status     the HTTP status
     * @param headers    case-insensitive header lookup, returning null when absent
     * @param body       the response body, possibly null or empty
     * @param receivedAt when the response arrived, from which {@code expires_in} counts
     * @return the token
     * @throws io.civicpass.error.CivicApiException for a non-2xx status or an unusable body
     */
    public AccessToken read(int status, Function<String, String> headers, byte[] body, Instant receivedAt) {
        return CivicResponses.read(Operation.TOKEN, path(), status, headers, body, receivedAt,
                bytes -> CivicJson.readToken(bytes, receivedAt));
    }

    /**
     * The failure to report when the token request failed below HTTP.
     *
     * @param failure what the HTTP library threw
     * @return the exception to throw or complete with
     */
    public CivicPassException failure(Throwable failure) {
        return CivicErrors.transportFailure(Operation.TOKEN, path(), failure);
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
