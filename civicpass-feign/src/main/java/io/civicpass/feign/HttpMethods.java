package io.civicpass.feign;

import feign.HeaderMap;
import feign.Request;
import feign.RequestLine;
import io.civicpass.spi.HttpMethod;
import java.net.URI;
import java.util.Map;

/**
 * A generic Feign interface: one method per HTTP verb, each taking the complete, already-encoded
 * URI (so Feign never expands or re-encodes a path or query), the call's reference header (see
 * {@link Credentials}), the body where the verb carries one, and the call's own
 * {@link Request.Options} (so each request gets its own read timeout). It knows no path, field or
 * status of any API. Feign builds its proxies for the two interfaces that fix the answer type:
 * {@link BlockingHttp} and {@link AsyncHttp}.
 *
 * @param <R> what a call answers with: the raw {@link feign.Response}, or a future of it
 */
interface HttpMethods<R> {

    @RequestLine("GET")
    R get(URI uri, @HeaderMap Map<String, Object> reference, Request.Options options);

    @RequestLine("GET")
    R getWithBody(URI uri, @HeaderMap Map<String, Object> reference, byte[] body, Request.Options options);

    @RequestLine("POST")
    R post(URI uri, @HeaderMap Map<String, Object> reference, byte[] body, Request.Options options);

    @RequestLine("PUT")
    R put(URI uri, @HeaderMap Map<String, Object> reference, byte[] body, Request.Options options);

    @RequestLine("PATCH")
    R patch(URI uri, @HeaderMap Map<String, Object> reference, byte[] body, Request.Options options);

    @RequestLine("DELETE")
    R delete(URI uri, @HeaderMap Map<String, Object> reference, Request.Options options);

    @RequestLine("DELETE")
    R deleteWithBody(URI uri, @HeaderMap Map<String, Object> reference, byte[] body, Request.Options options);

    /**
     * Sends one request by its method. Static rather than default: Feign would have to call a
     * default method through its proxy, which needs reflective access to this package.
     *
     * @param proxy     the Feign proxy
     * @param method    the HTTP method
     * @param uri       the complete URI
     * @param reference the reference header, as a one-entry map
     * @param body      the body, or null
     * @param options   the call's timeouts
     * @param <R>       the answer type
     * @return the answer
     */
    static <R> R send(HttpMethods<R> proxy, HttpMethod method, URI uri, Map<String, Object> reference, byte[] body,
                      Request.Options options) {
        switch (method) {
            case GET:
                return body == null ? proxy.get(uri, reference, options)
                        : proxy.getWithBody(uri, reference, body, options);
            case POST:
                return proxy.post(uri, reference, body == null ? new byte[0] : body, options);
            case PUT:
                return proxy.put(uri, reference, body == null ? new byte[0] : body, options);
            case PATCH:
                return proxy.patch(uri, reference, body == null ? new byte[0] : body, options);
            case DELETE:
                return body == null ? proxy.delete(uri, reference, options)
                        : proxy.deleteWithBody(uri, reference, body, options);
            default:
                throw new IllegalArgumentException("unsupported method " + method);
        }
    }
}
