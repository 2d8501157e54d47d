package io.civicpass.feign;

import feign.HeaderMap;
import feign.RequestLine;
import feign.Response;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link feign.AsyncFeign} interface behind the non-blocking face; the same shape as
 * {@link CivicHttp}, answering with a future.
 */
interface CivicHttpAsync {

    @RequestLine("GET")
    CompletableFuture<Response> get(URI url, @HeaderMap Map<String, Object> headers);

    @RequestLine("POST")
    CompletableFuture<Response> post(URI url, @HeaderMap Map<String, Object> headers, byte[] body);

    @RequestLine("PATCH")
    CompletableFuture<Response> patch(URI url, @HeaderMap Map<String, Object> headers, byte[] body);

    @RequestLine("PUT")
    CompletableFuture<Response> put(URI url, @HeaderMap Map<String, Object> headers, byte[] body);

    @RequestLine("DELETE")
    CompletableFuture<Response> delete(URI url, @HeaderMap Map<String, Object> headers);
}
