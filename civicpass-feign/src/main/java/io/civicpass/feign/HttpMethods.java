package io.civicpass.feign;

import feign.HeaderMap;
import feign.RequestLine;
import java.net.URI;
import java.util.Map;

/**
 * The HTTP methods Civic's API uses, each taking the complete, already-encoded URL as a
 * {@link URI} so Feign never expands or re-encodes a path. Feign builds its proxies for the
 * two interfaces that fix the answer type: {@link CivicHttp} (blocking) and {@link CivicHttpAsync}.
 *
 * @param <R> what a call answers with: the raw {@link feign.Response}, or a future of it
 */
interface HttpMethods<R> {

    @RequestLine("GET")
    R get(URI url, @HeaderMap Map<String, Object> headers);

    @RequestLine("POST")
    R post(URI url, @HeaderMap Map<String, Object> headers, byte[] body);

    @RequestLine("PATCH")
    R patch(URI url, @HeaderMap Map<String, Object> headers, byte[] body);

    @RequestLine("PUT")
    R put(URI url, @HeaderMap Map<String, Object> headers, byte[] body);

    @RequestLine("DELETE")
    R delete(URI url, @HeaderMap Map<String, Object> headers);

    /**
     * Sends one request by its method's name. Static rather than default: Feign would have to
     * call a default method through its proxy, which needs reflective access to this package.
     *
     * @param proxy   the Feign proxy
     * @param method  the HTTP method, as {@link io.civicpass.internal.ApiCall#method()} names it
     * @param url     the complete URL
     * @param headers the request headers
     * @param body    the body, or null (ignored by {@code GET} and {@code DELETE})
     * @param <R>     the answer type
     * @return the answer
     */
    static <R> R send(HttpMethods<R> proxy, String method, URI url, Map<String, Object> headers, byte[] body) {
        switch (method) {
            case "GET":
                return proxy.get(url, headers);
            case "POST":
                return proxy.post(url, headers, body);
            case "PATCH":
                return proxy.patch(url, headers, body);
            case "PUT":
                return proxy.put(url, headers, body);
            case "DELETE":
                return proxy.delete(url, headers);
            default:
                throw new IllegalStateException("unsupported method " + method);
        }
    }
}
