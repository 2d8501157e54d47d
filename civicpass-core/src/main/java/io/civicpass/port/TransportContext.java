package io.civicpass.port;

import io.civicpass.model.ClientCredentials;
import io.civicpass.model.TokenRequestStyle;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings a transport needs to talk to Civic for one client, resolved by the client
 * builder from its configuration.
 *
 * @param apiUrl            the API base, without a trailing slash, for example {@code https://api.civic.com/partner}
 * @param tokenUrl          the OAuth 2.0 token endpoint
 * @param credentials       the client credentials
 * @param tokenRequestStyle how to send the token request
 * @param audience          the {@code audience} for {@link TokenRequestStyle#JSON_BODY}, or null to omit it
 * @param connectTimeout    the most a connection attempt may take
 * @param requestTimeout    the most one HTTP exchange may take, from sending to the last byte
 * @param userAgent         the {@code User-Agent} to send on every request
 * @param clock             the clock that stamps token expiry on receipt
 */
public record TransportContext(URI apiUrl, URI tokenUrl, ClientCredentials credentials,
                               TokenRequestStyle tokenRequestStyle, String audience,
                               Duration connectTimeout, Duration requestTimeout, String userAgent, Clock clock) {

    /**
     * Requires every setting but the audience.
     *
     * @param apiUrl the API base, without a trailing slash, for example {@code https://api.civic.com/partner}
     * @param tokenUrl the OAuth 2.0 token endpoint
     * @param credentials the client credentials
     * @param tokenRequestStyle how to send the token request
     * @param audience the {@code audience} for {@link TokenRequestStyle#JSON_BODY}, or null to omit it
     * @param connectTimeout the most a connection attempt may take
     * @param requestTimeout the most one HTTP exchange may take, from sending to the last byte
     * @param userAgent the {@code User-Agent} to send on every request
     * @param clock the clock that stamps token expiry on receipt
     */
    public TransportContext {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(tokenRequestStyle, "tokenRequestStyle");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * The absolute URL of a path under the API base.
     *
     * @param encodedPath an encoded path starting with {@code /}, as {@link io.civicpass.internal.CivicPaths} builds
     * @return the URL
     */
    public URI apiUrl(String encodedPath) {
        return URI.create(apiUrl.toString() + encodedPath);
    }

    /**
     * Describes the context without the client secret.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "TransportContext[apiUrl=" + apiUrl + ", tokenUrl=" + tokenUrl + ", credentials=" + credentials
                + ", tokenRequestStyle=" + tokenRequestStyle + ", audience=" + audience
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", userAgent=" + userAgent + "]";
    }
}
