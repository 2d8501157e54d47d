package io.civicpass.retrofit;

import io.civicpass.internal.ApiCall;
import io.civicpass.internal.CivicJson;
import io.civicpass.internal.TokenRequest;
import io.civicpass.model.AccessToken;
import io.civicpass.port.TransportContext;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import retrofit2.Call;

/**
 * Turns core's request descriptions ({@link ApiCall}, {@link TokenRequest}) into
 * {@link Exchange}s over Retrofit: the URL, the standard headers, the body and the HTTP method
 * come from the description; reading the response and mapping failures stay with core. The
 * gateways and the token source only choose whether to run an exchange blocking or not.
 */
final class Exchanges {

    private final CivicHttpApi api;
    private final TransportContext context;
    private final TokenRequest tokenRequest;
    private final HttpUrl tokenUrl;
    private final String basePath;
    private final String userAgent;
    private final Clock clock;

    Exchanges(CivicHttpApi api, TransportContext context) {
        this.api = api;
        this.context = context;
        this.tokenRequest = TokenRequest.of(context);
        this.tokenUrl = HttpUrl.get(tokenRequest.url().toString());
        String base = HttpUrl.get(context.apiUrl().toString()).encodedPath();
        this.basePath = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.userAgent = context.userAgent();
        this.clock = context.clock();
    }

    /** {@code POST} to the token endpoint, in the context's request style. */
    Exchange<AccessToken> token() {
        return new Exchange<>("POST " + tokenRequest.path(),
                () -> send("POST", tokenUrl, tokenRequest.authorization(), tokenRequest.body(), tokenRequest.contentType()),
                tokenRequest::read, tokenRequest::failure, clock);
    }

    /** One API request, sent with the bearer token. */
    <T> Exchange<T> api(AccessToken token, ApiCall<T> call) {
        return new Exchange<>(call.method() + " " + call.path(),
                () -> send(call.method(), url(call.path()), token.authorizationHeader(), call.body(), call.contentType()),
                call::read, call::failure, clock);
    }

    /**
     * The Retrofit call for an HTTP method. Retrofit fixes the method per interface method, so
     * this is the one place that picks it.
     *
     * @param authorization the {@code Authorization} value, or null to send none
     * @param body          the body, or null for methods that send none
     */
    private Call<ResponseBody> send(String method, HttpUrl url, String authorization, byte[] body, String contentType) {
        return switch (method) {
            case "GET" -> api.get(url, authorization, userAgent, CivicJson.JSON);
            case "DELETE" -> api.delete(url, authorization, userAgent, CivicJson.JSON);
            case "POST" -> api.post(url, authorization, userAgent, CivicJson.JSON, body(body, contentType));
            case "PATCH" -> api.patch(url, authorization, userAgent, CivicJson.JSON, body(body, contentType));
            case "PUT" -> api.put(url, authorization, userAgent, CivicJson.JSON, body(body, contentType));
            default -> throw new IllegalArgumentException("Unsupported HTTP method: " + method);
        };
    }

    /**
     * The absolute URL of an encoded path under the API base. OkHttp resolves dot segments,
     * including percent-encoded ones such as {@code %2E%2E}, so a path it would rewrite is
     * refused here instead of being sent somewhere else.
     *
     * @throws IllegalArgumentException when OkHttp would not send the path exactly as given
     */
    private HttpUrl url(String encodedPath) {
        HttpUrl url = HttpUrl.get(context.apiUrl(encodedPath).toString());
        if (!url.encodedPath().equals(basePath + encodedPath) || url.encodedQuery() != null
                || url.encodedFragment() != null) {
            throw new IllegalArgumentException("Refusing to send a request: the path '" + encodedPath
                    + "' would not reach exactly that resource under the API base");
        }
        return url;
    }

    /**
     * A body OkHttp may send only once: it must never replay a request on its own (a replayed
     * issue could create a second pass), and logging interceptors skip one-shot bodies, which
     * keeps the token request's client secret out of logs.
     */
    private static RequestBody body(byte[] bytes, String contentType) {
        Objects.requireNonNull(bytes, "body"); // core gives every POST, PATCH and PUT a body
        MediaType type = MediaType.get(contentType);
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return type;
            }

            @Override
            public long contentLength() {
                return bytes.length;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(bytes);
            }

            @Override
            public boolean isOneShot() {
                return true;
            }
        };
    }
}
