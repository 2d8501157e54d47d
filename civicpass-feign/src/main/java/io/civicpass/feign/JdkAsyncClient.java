package io.civicpass.feign;

import feign.AsyncClient;
import feign.Request;
import feign.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The default non-blocking client: the JDK's {@link HttpClient} with the whole body received as
 * bytes before the future completes. {@code feign.http2client.Http2Client}'s own asynchronous
 * method hands back the body as an {@code InputStream} once the headers arrive, so reading it
 * would block whichever thread completes the future; this one never blocks a thread.
 */
final class JdkAsyncClient implements AsyncClient<Object> {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED_HEADERS;

    static {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(Set.of("connection", "content-length", "expect", "host", "upgrade"));
        RESTRICTED_HEADERS = names;
    }

    private final HttpClient client;

    JdkAsyncClient(HttpClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<Response> execute(Request request, Request.Options options, Optional<Object> context) {
        HttpRequest httpRequest;
        try {
            httpRequest = toHttpRequest(request, options);
        } catch (RuntimeException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        return client.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> toFeignResponse(request, response));
    }

    private static HttpRequest toHttpRequest(Request request, Request.Options options) {
        byte[] body = request.body();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(Duration.ofMillis(options.readTimeoutMillis()))
                .method(request.httpMethod().name(), body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        request.headers().forEach((name, values) -> {
            if (!RESTRICTED_HEADERS.contains(name)) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }

    private static Response toFeignResponse(Request request, HttpResponse<byte[]> response) {
        Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().map().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        return Response.builder()
                .request(request)
                .protocolVersion(response.version() == HttpClient.Version.HTTP_2
                        ? Request.ProtocolVersion.HTTP_2 : Request.ProtocolVersion.HTTP_1_1)
                .status(response.statusCode())
                .headers(headers)
                .body(response.body())
                .build();
    }
}
