package io.civicpass.feign;

import feign.HeaderMap;
import feign.RequestLine;
import feign.Response;
import java.net.URI;
import java.util.Map;

/**
 * The Feign interface behind the blocking face: one method per HTTP method, each taking the
 * complete, already-encoded URL as a {@link URI} so Feign never expands or re-encodes a path,
 * and each returning the raw {@link Response} so every status reaches core's error mapping.
 */
interface CivicHttp {

    @RequestLine("GET")
    Response get(URI url, @HeaderMap Map<String, Object> headers);

    @RequestLine("POST")
    Response post(URI url, @HeaderMap Map<String, Object> headers, byte[] body);

    @RequestLine("PATCH")
    Response patch(URI url, @HeaderMap Map<String, Object> headers, byte[] body);

    @RequestLine("PUT")
    Response put(URI url, @HeaderMap Map<String, Object> headers, byte[] body);

    @RequestLine("DELETE")
    Response delete(URI url, @HeaderMap Map<String, Object> headers);
}
