package io.civicpass.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.civicpass.CivicPassConfig;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * What the raw baselines share: the pass looked up, its URL, and a bearer token fetched once
 * before measuring, so a raw call is the one GET the client's {@code find} makes.
 */
final class Wire {

    /** The pass every lookup benchmark asks for. */
    static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");

    /** Plain Jackson, as a hand-written integration would decode. */
    static final ObjectMapper JSON = new ObjectMapper();

    private Wire() {
    }

    /**
     * The lookup path below the API base.
     *
     * @param key the pass
     * @return {@code /pass/chain/network/wallet}
     */
    static String passPath(PassKey key) {
        return "/pass/" + key.chain().value() + "/" + key.network().value() + "/" + key.wallet().value();
    }

    /**
     * The lookup URL.
     *
     * @param apiUrl the API base
     * @param key    the pass
     * @return the URL
     */
    static URI passUrl(URI apiUrl, PassKey key) {
        return URI.create(apiUrl + passPath(key));
    }

    /**
     * The Basic authorization header of a client-credentials token request.
     *
     * @param config the configuration holding the credentials
     * @return the header value
     */
    static String basic(CivicPassConfig config) {
        String pair = config.credentials().clientId() + ":" + config.credentials().clientSecret();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One token request with the JDK's client.
     *
     * @param http     the client
     * @param tokenUrl the token endpoint
     * @param config   the credentials
     * @return the access token
     */
    static String fetchToken(HttpClient http, URI tokenUrl, CivicPassConfig config) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(tokenUrl)
                    .header("Authorization", basic(config))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request answered " + response.statusCode());
            }
            Object token = JSON.readValue(response.body(), Map.class).get("access_token");
            if (!(token instanceof String)) {
                throw new IllegalStateException("no access token in the token response");
            }
            return (String) token;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * One token request with a fresh JDK client.
     *
     * @param tokenUrl the token endpoint
     * @param config   the credentials
     * @return the access token
     */
    static String fetchToken(URI tokenUrl, CivicPassConfig config) {
        return fetchToken(HttpClient.newHttpClient(), tokenUrl, config);
    }

    /**
     * Decodes a body with plain Jackson into a map, as the raw baselines do.
     *
     * @param body the JSON
     * @return the map
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> decode(byte[] body) {
        try {
            return JSON.readValue(body, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails on anything but 200, so a baseline cannot win by failing fast.
     *
     * @param status the status
     */
    static void require200(int status) {
        if (status != 200) {
            throw new IllegalStateException("lookup answered " + status);
        }
    }
}
